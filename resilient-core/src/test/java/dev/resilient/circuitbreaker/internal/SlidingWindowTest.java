package dev.resilient.circuitbreaker.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resilient.circuitbreaker.internal.SlidingWindow.Thresholds;
import dev.resilient.time.ManualTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class SlidingWindowTest {

    private static final Thresholds OFF = new Thresholds(1, 0, 0);

    @Property(tries = 200)
    void countWindowMatchesTheLastCallsExactly(
            @ForAll @IntRange(min = 1, max = 12) int size,
            @ForAll @Size(max = 60) List<@IntRange(min = 0, max = 3) Integer> outcomes) {
        CountBasedWindow window = new CountBasedWindow(size, OFF);
        for (int outcome : outcomes) {
            window.record((outcome & 1) != 0, (outcome & 2) != 0);
        }
        List<Integer> last = outcomes.subList(Math.max(0, outcomes.size() - size), outcomes.size());
        long failures = last.stream().filter(o -> (o & 1) != 0).count();
        long slow = last.stream().filter(o -> (o & 2) != 0).count();
        assertThat(window.counts()).isEqualTo(new WindowCounts(last.size(), failures, slow));
    }

    @Test
    void countWindowDecodesLargeCounts() {
        CountBasedWindow window = new CountBasedWindow(1_000_000, OFF);
        for (int i = 0; i < 1_000_000; i++) {
            window.record(i % 2 == 0, i % 4 == 0);
        }
        assertThat(window.counts()).isEqualTo(new WindowCounts(1_000_000, 500_000, 250_000));
        for (int i = 0; i < 1_000_000; i++) {
            window.record(true, true);
        }
        assertThat(window.counts()).isEqualTo(new WindowCounts(1_000_000, 1_000_000, 1_000_000));
    }

    @Test
    void thresholdsNeedTheMinimumAndCompareInclusively() {
        Thresholds thresholds = new Thresholds(4, 50, 0);
        assertThat(thresholds.exceeded(3, 3, 0)).isFalse();
        assertThat(thresholds.exceeded(4, 1, 0)).isFalse();
        assertThat(thresholds.exceeded(4, 2, 0)).isTrue();
        assertThat(new Thresholds(1, 0, 25).exceeded(4, 0, 1)).isTrue();
        assertThat(new Thresholds(1, 0, 0).exceeded(4, 4, 4)).as("both off").isFalse();
    }

    @Test
    void timeWindowKeepsExactlyTheLastSeconds() {
        ManualTime time = new ManualTime();
        time.advance(Duration.ofMillis(500));
        TimeBasedWindow window = new TimeBasedWindow(3, OFF, time);
        window.record(true, false); // second 0
        time.advance(Duration.ofSeconds(1));
        window.record(false, true); // second 1
        window.record(false, false);
        time.advance(Duration.ofSeconds(1));
        window.record(true, true); // second 2
        assertThat(window.counts()).isEqualTo(new WindowCounts(4, 2, 2));
        time.advance(Duration.ofMillis(499)); // 2.999 s: second 0 still in
        assertThat(window.counts()).isEqualTo(new WindowCounts(4, 2, 2));
        time.advance(Duration.ofMillis(1)); // 3.0 s: second 0 out
        assertThat(window.counts()).isEqualTo(new WindowCounts(3, 1, 2));
        time.advance(Duration.ofSeconds(1));
        assertThat(window.counts()).isEqualTo(new WindowCounts(1, 1, 1));
        time.advance(Duration.ofSeconds(1));
        assertThat(window.counts()).isEqualTo(WindowCounts.EMPTY);
        window.record(true, false);
        assertThat(window.counts()).isEqualTo(new WindowCounts(1, 1, 0));
    }

    @Test
    void concurrentRecordsLeaveExactCountsInTheCountWindow() throws Exception {
        int size = 64;
        CountBasedWindow window = new CountBasedWindow(size, OFF);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                boolean failing = t % 2 == 0;
                workers.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < 200_000; i++) {
                        window.record(failing, !failing);
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> worker : workers) {
                worker.get(20, TimeUnit.SECONDS);
            }
            WindowCounts counts = window.counts();
            assertThat(counts.calls()).isEqualTo(size);
            assertThat(counts.failures() + counts.slow())
                    .as("each call is a failure or slow, never both")
                    .isEqualTo(size);
        } finally {
            pool.shutdownNow();
        }
    }
}
