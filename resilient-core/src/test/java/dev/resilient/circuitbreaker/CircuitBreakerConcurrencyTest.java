package dev.resilient.circuitbreaker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resilient.ResilienceRuntime;
import dev.resilient.time.ManualTime;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class CircuitBreakerConcurrencyTest {

    private static final int THREADS = 16;
    private static final IOException FAILURE = new IOException("down");

    private final ExecutorService pool = Executors.newFixedThreadPool(THREADS);

    @AfterEach
    void shutdown() throws InterruptedException {
        pool.shutdownNow();
        assertThat(pool.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void aRushOnARecoveringCircuitGetsNoMoreTrialsThanAllowed() throws Exception {
        for (int halfOpenRequests = 1; halfOpenRequests <= 5; halfOpenRequests++) {
            for (int round = 0; round < 40; round++) {
                ManualTime time = new ManualTime();
                CircuitBreaker cb = CircuitBreaker.of(
                        "rush",
                        CircuitBreakerConfig.builder()
                                .failureThreshold(1)
                                .halfOpenRequests(halfOpenRequests)
                                .build(),
                        ResilienceRuntime.manual(time));
                cb.tryAcquirePermission();
                cb.onError(1, FAILURE);
                time.advance(Duration.ofSeconds(30)); // due: the rush itself races the OPEN -> HALF_OPEN move
                AtomicInteger changes = new AtomicInteger();
                cb.onStateChange((b, from, to) -> changes.incrementAndGet());

                CountDownLatch start = new CountDownLatch(1);
                List<Future<Boolean>> attempts = new ArrayList<>();
                for (int t = 0; t < THREADS; t++) {
                    attempts.add(pool.submit(() -> {
                        start.await();
                        return cb.tryAcquirePermission();
                    }));
                }
                start.countDown();
                int granted = 0;
                for (Future<Boolean> attempt : attempts) {
                    if (attempt.get(5, TimeUnit.SECONDS)) {
                        granted++;
                    }
                }
                assertThat(granted)
                        .as("trials granted with halfOpenRequests=%d", halfOpenRequests)
                        .isEqualTo(halfOpenRequests);
                assertThat(cb.state()).isEqualTo(CircuitState.HALF_OPEN);
                assertThat(changes.get()).as("exactly one OPEN->HALF_OPEN").isEqualTo(1);
                assertThat(cb.stats().rejected()).isEqualTo(THREADS - halfOpenRequests);
            }
        }
    }

    @Test
    void trialsInFlightNeverExceedTheLimitWhileThreadsAcquireAndRelease() throws Exception {
        int limit = 3;
        ManualTime time = new ManualTime();
        CircuitBreaker cb = CircuitBreaker.of(
                "inflight",
                CircuitBreakerConfig.builder()
                        .halfOpenRequests(limit)
                        .successThreshold(limit)
                        .build(),
                ResilienceRuntime.manual(time));
        cb.transitionToOpen();
        time.advance(Duration.ofSeconds(30));
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger maxInFlight = new AtomicInteger();
        AtomicLong grants = new AtomicLong();
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            workers.add(pool.submit(() -> {
                start.await();
                for (int i = 0; i < 20_000; i++) {
                    if (cb.tryAcquirePermission()) {
                        grants.incrementAndGet();
                        int now = inFlight.incrementAndGet();
                        maxInFlight.accumulateAndGet(now, Math::max);
                        inFlight.decrementAndGet();
                        cb.releasePermission();
                    }
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> worker : workers) {
            worker.get(20, TimeUnit.SECONDS);
        }
        assertThat(maxInFlight.get()).isBetween(1, limit);
        assertThat(grants.get()).isPositive();
        assertThat(cb.state()).isEqualTo(CircuitState.HALF_OPEN);
        for (int i = 0; i < limit; i++) {
            assertThat(cb.tryAcquirePermission()).as("every permit came back").isTrue();
        }
        assertThat(cb.tryAcquirePermission()).isFalse();
    }

    @Test
    void aMillionMixedCallsAreCountedExactly() throws Exception {
        for (SlidingWindowType type : SlidingWindowType.values()) {
            CircuitBreaker cb = CircuitBreaker.of(
                    "counts",
                    CircuitBreakerConfig.builder()
                            .failureThreshold(0)
                            .slidingWindow(type, type == SlidingWindowType.COUNT_BASED ? 1000 : 60)
                            .build(),
                    ResilienceRuntime.manual(new ManualTime()));
            int threads = 4;
            int perThread = 250_000;
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Long>> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                workers.add(pool.submit(() -> {
                    start.await();
                    long failures = 0;
                    ThreadLocalRandom random = ThreadLocalRandom.current();
                    for (int i = 0; i < perThread; i++) {
                        if (!cb.tryAcquirePermission()) {
                            throw new AssertionError("rejected in " + cb.state());
                        }
                        if (random.nextInt(4) == 0) {
                            cb.onError(1, FAILURE);
                            failures++;
                        } else {
                            cb.onSuccess(1);
                        }
                    }
                    return failures;
                }));
            }
            start.countDown();
            long expectedFailures = 0;
            for (Future<Long> worker : workers) {
                expectedFailures += worker.get(20, TimeUnit.SECONDS);
            }
            CircuitBreakerStats stats = cb.stats();
            long total = (long) threads * perThread;
            assertThat(stats.total()).as(type.name()).isEqualTo(total);
            assertThat(stats.failed()).as(type.name()).isEqualTo(expectedFailures);
            assertThat(stats.successful()).as(type.name()).isEqualTo(total - expectedFailures);
            assertThat(stats.rejected()).isZero();
            assertThat(stats.state()).isEqualTo(CircuitState.CLOSED);
            if (type == SlidingWindowType.COUNT_BASED) {
                assertThat(stats.bufferedCalls()).isEqualTo(1000);
                assertThat(stats.failureRate()).as("a quarter fail, roughly").isBetween(10.0, 40.0);
            } else {
                assertThat(stats.bufferedCalls())
                        .as("all in the current second")
                        .isEqualTo(total);
                assertThat(stats.failureRate()).isEqualTo(expectedFailures * 100.0 / total);
            }
        }
    }
}
