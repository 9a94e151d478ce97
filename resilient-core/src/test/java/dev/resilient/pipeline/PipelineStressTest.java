package dev.resilient.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resilient.CallNotPermittedException;
import dev.resilient.ResilienceRuntime;
import dev.resilient.bulkhead.BulkheadConfig;
import dev.resilient.circuitbreaker.CircuitBreakerConfig;
import dev.resilient.circuitbreaker.CircuitBreakerStats;
import dev.resilient.fallback.FallbackConfig;
import dev.resilient.ratelimiter.RateLimiterConfig;
import dev.resilient.retry.Backoff;
import dev.resilient.retry.RetryConfig;
import dev.resilient.retry.RetryExhaustedException;
import dev.resilient.step.PipelineStats;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;

/**
 * Many more threads than cores through the whole composed pipeline with random outcomes: every call
 * is counted exactly once, in exactly one outcome, the bulkhead is never exceeded and nothing
 * deadlocks (the run is bounded by a timeout).
 */
class PipelineStressTest {

    private static final int THREADS = 16;
    private static final int CALLS_PER_THREAD = 20_000;
    private static final int MAX_CONCURRENT = 6;
    private static final String FALLBACK = "fallback";

    @Test
    void countsAddUpUnderContention() throws Exception {
        ResilienceRuntime runtime =
                ResilienceRuntime.builder().sleeper(nanos -> {}).build();
        ResiliencePipeline pipeline = ResiliencePipeline.of(
                "stress",
                PipelineConfig.builder()
                        .retry(RetryConfig.builder()
                                .maxAttempts(3)
                                .backoff(Backoff.fixed())
                                .baseDelay(Duration.ofMillis(1))
                                .abortOn(IllegalArgumentException.class, IllegalStateException.class)
                                .build())
                        .circuitBreaker(CircuitBreakerConfig.builder()
                                .failureThreshold(0)
                                .failureRateThreshold(60)
                                .slidingWindowSize(50)
                                .minimumNumberOfCalls(50)
                                .recoveryTimeout(Duration.ofMillis(1))
                                .halfOpenRequests(3)
                                .build())
                        .rateLimiter(RateLimiterConfig.builder()
                                .limit(1_000_000_000)
                                .period(Duration.ofSeconds(1))
                                .build())
                        .bulkhead(BulkheadConfig.builder()
                                .maxConcurrent(MAX_CONCURRENT)
                                .build())
                        .fallback(FallbackConfig.builder()
                                .handles(IllegalStateException.class)
                                .handleRejections(false)
                                .value(FALLBACK)
                                .build())
                        .build(),
                runtime);

        AtomicInteger inside = new AtomicInteger();
        AtomicInteger maxInside = new AtomicInteger();
        LongAdder successes = new LongAdder();
        LongAdder fallbacks = new LongAdder();
        LongAdder failures = new LongAdder();
        LongAdder rejections = new LongAdder();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            SplittableRandom random = new SplittableRandom(t);
            workers.add(pool.submit(() -> {
                start.await();
                for (int i = 0; i < CALLS_PER_THREAD; i++) {
                    int roll = random.nextInt(100);
                    try {
                        Object result = pipeline.execute(() -> {
                            int now = inside.incrementAndGet();
                            maxInside.accumulateAndGet(now, Math::max);
                            try {
                                if (roll < 60) {
                                    return "ok";
                                } else if (roll < 80) {
                                    throw new IOException("transient");
                                } else if (roll < 90) {
                                    throw new IllegalArgumentException("bad request");
                                }
                                throw new IllegalStateException("handled by the fallback");
                            } finally {
                                inside.decrementAndGet();
                            }
                        });
                        (FALLBACK.equals(result) ? fallbacks : successes).increment();
                    } catch (CallNotPermittedException rejected) {
                        rejections.increment();
                    } catch (IllegalArgumentException | RetryExhaustedException | IOException failed) {
                        failures.increment();
                    }
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> worker : workers) {
            worker.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();
        runtime.close();

        PipelineStats stats = pipeline.stats();
        long total = (long) THREADS * CALLS_PER_THREAD;
        assertThat(stats.calls()).isEqualTo(total);
        assertThat(stats.successes()).isEqualTo(successes.sum());
        assertThat(stats.fallbacks()).isEqualTo(fallbacks.sum());
        assertThat(stats.failures()).isEqualTo(failures.sum());
        assertThat(stats.rejections()).isEqualTo(rejections.sum());
        assertThat(stats.successes() + stats.fallbacks() + stats.failures() + stats.rejections())
                .isEqualTo(total);
        assertThat(maxInside.get()).isLessThanOrEqualTo(MAX_CONCURRENT);
        CircuitBreakerStats breaker = pipeline.circuitBreaker().orElseThrow().stats();
        assertThat(breaker.successful() + breaker.failed() + breaker.ignored()).isEqualTo(breaker.total());
        assertThat(successes.sum()).isPositive();
        assertThat(failures.sum()).isPositive();
        assertThat(fallbacks.sum()).isPositive();
    }
}
