package dev.resilient.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.resilient.ResilienceRuntime;
import dev.resilient.pipeline.PipelineConfig;
import dev.resilient.pipeline.ResiliencePipeline;
import dev.resilient.pipeline.ResilienceRegistry;
import dev.resilient.retry.RetryConfig;
import dev.resilient.time.ManualTime;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class RecentEventsTest {

    private static ResilienceEvent event(String instance, int attempt) {
        return ResilienceEvent.builder(EventType.ATTEMPT, instance, attempt)
                .attempt(attempt)
                .build();
    }

    private static List<Integer> attempts(List<ResilienceEvent> events) {
        return events.stream().map(ResilienceEvent::attempt).toList();
    }

    @Test
    void keepsTheNewestEventsPerInstanceNewestLast() {
        RecentEvents recent = new RecentEvents(3, 10);
        for (int i = 1; i <= 5; i++) {
            recent.onEvent(event("a", i));
        }
        recent.onEvent(event("b", 42));

        assertThat(attempts(recent.recent("a"))).containsExactly(3, 4, 5);
        assertThat(attempts(recent.recent("b"))).containsExactly(42);
        assertThat(recent.recent("unknown")).isEmpty();
        assertThat(recent.instances()).containsExactly("a", "b");
    }

    @Test
    void partlyFilledRingKeepsOrder() {
        RecentEvents recent = new RecentEvents(5, 10);
        recent.onEvent(event("a", 1));
        recent.onEvent(event("a", 2));
        assertThat(attempts(recent.recent("a"))).containsExactly(1, 2);
    }

    @Test
    void boundsTheNumberOfInstancesAndCountsWhatItDrops() {
        RecentEvents recent = new RecentEvents(2, 2);
        recent.onEvent(event("a", 1));
        recent.onEvent(event("b", 1));
        recent.onEvent(event("c", 1));
        recent.onEvent(event("c", 2));
        recent.onEvent(event("a", 2));

        assertThat(recent.instances()).containsExactly("a", "b");
        assertThat(recent.droppedEvents()).isEqualTo(2);
        assertThat(attempts(recent.recent("a"))).containsExactly(1, 2);

        recent.clear("a");
        recent.onEvent(event("c", 3));
        assertThat(recent.instances()).containsExactly("b", "c");
    }

    @Test
    void dropsArgumentsAndResultButKeepsTheRest() {
        RecentEvents recent = new RecentEvents();
        IOException failure = new IOException("boom");
        recent.onEvent(ResilienceEvent.builder(EventType.FAILURE, "a", 1000)
                .source("observation")
                .attempt(2)
                .arguments(new Object[] {"secret"})
                .result("value")
                .failure(failure)
                .detail("d")
                .elapsed(Duration.ofMillis(5))
                .build());

        ResilienceEvent kept = recent.recent("a").get(0);
        assertThat(kept.arguments()).isNull();
        assertThat(kept.result()).isNull();
        assertThat(kept.failure()).isSameAs(failure);
        assertThat(kept.type()).isEqualTo(EventType.FAILURE);
        assertThat(kept.timestampMillis()).isEqualTo(1000);
        assertThat(kept.source()).isEqualTo("observation");
        assertThat(kept.attempt()).isEqualTo(2);
        assertThat(kept.detail()).isEqualTo("d");
        assertThat(kept.elapsed()).isEqualTo(Duration.ofMillis(5));
    }

    @Test
    void rejectsBadBounds() {
        assertThatThrownBy(() -> new RecentEvents(0, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("capacity must be >= 1 but was 0");
        assertThatThrownBy(() -> new RecentEvents(1, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxInstances must be >= 1 but was 0");
    }

    @Test
    void recordsTheEventsOfPipelinesOfARegistry() throws Exception {
        ManualTime time = new ManualTime();
        ResilienceRegistry registry = new ResilienceRegistry(ResilienceRuntime.manual(time));
        RecentEvents recent = new RecentEvents();
        registry.runtime().events().addListener(recent);
        ResiliencePipeline pipeline = registry.pipeline(
                "svc",
                PipelineConfig.builder()
                        .retry(RetryConfig.builder()
                                .maxAttempts(2)
                                .baseDelay(Duration.ofMillis(10))
                                .build())
                        .build());
        int[] calls = {0};

        String result = pipeline.execute(
                () -> {
                    if (calls[0]++ == 0) {
                        throw new IOException("first fails");
                    }
                    return "ok";
                },
                new Object[] {"arg"});

        assertThat(result).isEqualTo("ok");
        assertThat(recent.recent("svc"))
                .extracting(ResilienceEvent::type)
                .containsExactly(EventType.ATTEMPT, EventType.RETRY, EventType.ATTEMPT, EventType.SUCCESS);
        assertThat(recent.recent("svc")).allSatisfy(e -> {
            assertThat(e.arguments()).isNull();
            assertThat(e.result()).isNull();
        });
    }

    @Test
    void concurrentWritersAndReadersSeeOrderedBoundedSnapshots() throws Exception {
        int threads = 4;
        int perThread = 20_000;
        int capacity = 64;
        RecentEvents recent = new RecentEvents(capacity, 8);
        ExecutorService pool = Executors.newFixedThreadPool(threads + 1);
        CountDownLatch start = new CountDownLatch(1);
        AtomicBoolean writing = new AtomicBoolean(true);
        try {
            List<Future<?>> writers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                String source = "t" + t;
                writers.add(pool.submit(() -> {
                    start.await();
                    for (int i = 1; i <= perThread; i++) {
                        recent.onEvent(ResilienceEvent.builder(EventType.ATTEMPT, "shared", i)
                                .source(source)
                                .attempt(i)
                                .build());
                    }
                    return null;
                }));
            }
            Future<Integer> reader = pool.submit(() -> {
                start.await();
                int snapshots = 0;
                while (writing.get()) {
                    assertOrderedPerWriter(recent.recent("shared"), capacity);
                    snapshots++;
                }
                return snapshots;
            });
            start.countDown();
            for (Future<?> writer : writers) {
                writer.get(10, TimeUnit.SECONDS);
            }
            writing.set(false);
            assertThat(reader.get(10, TimeUnit.SECONDS)).isPositive();
        } finally {
            pool.shutdownNow();
        }
        List<ResilienceEvent> last = recent.recent("shared");
        assertThat(last).hasSize(capacity);
        assertOrderedPerWriter(last, capacity);
        // the very last event of some writer is the newest of all
        assertThat(last.get(capacity - 1).attempt()).isEqualTo(perThread);
    }

    private static void assertOrderedPerWriter(List<ResilienceEvent> events, int capacity) {
        assertThat(events.size()).isLessThanOrEqualTo(capacity);
        Map<String, Integer> lastSeen = new HashMap<>();
        for (ResilienceEvent e : events) {
            Integer previous = lastSeen.put(e.source(), e.attempt());
            if (previous != null && previous >= e.attempt()) {
                throw new AssertionError(
                        "events of " + e.source() + " out of order: " + previous + " then " + e.attempt());
            }
        }
    }
}
