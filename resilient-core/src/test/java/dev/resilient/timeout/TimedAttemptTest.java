package dev.resilient.timeout;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Completing and abandoning an attempt race; exactly one wins, every time. */
class TimedAttemptTest {

    @Test
    void completeAndAbandonNeverBothWin() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            for (int i = 0; i < 5_000; i++) {
                TimedAttempt attempt = new TimedAttempt("race", Duration.ofMillis(1));
                CyclicBarrier barrier = new CyclicBarrier(2);
                Future<Boolean> completed = threads.submit(() -> {
                    barrier.await();
                    return attempt.complete();
                });
                Future<Boolean> abandoned = threads.submit(() -> {
                    barrier.await();
                    return attempt.abandon();
                });
                boolean completeWon = completed.get(10, TimeUnit.SECONDS);
                boolean abandonWon = abandoned.get(10, TimeUnit.SECONDS);
                assertThat(completeWon).isNotEqualTo(abandonWon);
                assertThat(attempt.abandoned()).isEqualTo(abandonWon);
                assertThat(attempt.complete()).as("a claim is stable").isEqualTo(completeWon);
            }
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void anAttemptInsideAnAbandonedOuterOneCannotComplete() {
        TimedAttempt outer = new TimedAttempt("total", Duration.ofSeconds(1));
        TimedAttempt previous = outer.enter();
        TimedAttempt inner;
        try {
            inner = new TimedAttempt("attempt", Duration.ofMillis(100));
        } finally {
            TimedAttempt.exit(previous);
        }
        assertThat(outer.abandon()).isTrue();
        assertThat(inner.abandoned()).isTrue();
        assertThat(inner.complete()).isFalse();
        assertThat(TimedAttempt.current()).isNull();
    }

    @Test
    void anInnerAttemptEndingLeavesTheOuterCallersDeadlineInForce() {
        TimedAttempt outer = new TimedAttempt("total", Duration.ofSeconds(1));
        TimedAttempt previous = outer.enter();
        TimedAttempt inner;
        try {
            inner = new TimedAttempt("attempt", Duration.ofMillis(100));
        } finally {
            TimedAttempt.exit(previous);
        }
        assertThat(inner.finish()).isTrue();
        assertThat(outer.abandon()).as("the total timeout may still give up").isTrue();
    }
}
