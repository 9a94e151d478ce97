package dev.resilient.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resilient.ResilienceRuntime;
import dev.resilient.bulkhead.BulkheadConfig;
import dev.resilient.circuitbreaker.CircuitBreakerConfig;
import dev.resilient.ratelimiter.RateLimiterConfig;
import dev.resilient.retry.RetryConfig;
import dev.resilient.testing.Measure;
import dev.resilient.time.ManualTime;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;

/**
 * The composed sync pipeline (retry, circuit breaker, rate limiter, bulkhead) allocates nothing and
 * reads the clock once for a call that needs no retry. JMH's {@code -prof gc} in
 * resilient-benchmarks measures the same.
 */
class PipelineAllocationTest {

    private static final Callable<String> OK = () -> "ok";

    private static ResiliencePipeline composed(ResilienceRuntime runtime) {
        return ResiliencePipeline.of(
                "composed",
                PipelineConfig.builder()
                        .retry(RetryConfig.ofDefaults())
                        .circuitBreaker(CircuitBreakerConfig.ofDefaults())
                        .rateLimiter(RateLimiterConfig.builder()
                                .limit(1_000_000_000)
                                .period(Duration.ofSeconds(1))
                                .build())
                        .bulkhead(BulkheadConfig.builder().maxConcurrent(1000).build())
                        .build(),
                runtime);
    }

    @Test
    void composedSyncSuccessPathReadsTheClockOnlyForTheRateLimiter() throws Exception {
        ManualTime time = new ManualTime();
        Measure.CountingClock clock = new Measure.CountingClock(time);
        ResiliencePipeline pipeline = composed(ResilienceRuntime.builder()
                .clock(clock)
                .scheduler(time)
                .sleeper(time)
                .build());
        pipeline.execute(OK);
        clock.reset();

        pipeline.execute(OK);

        assertThat(clock.reads()).isEqualTo(1);
    }

    @Test
    void composedSyncSuccessPathAllocatesNothing() throws Exception {
        ResiliencePipeline pipeline = composed(ResilienceRuntime.manual(new ManualTime()));
        int calls = 100_000;
        // one allocation per call would be at least 1.6 MB; allow a little measurement noise
        assertThat(Measure.bytesAllocated(calls, () -> pipeline.execute(OK))).isLessThan(calls);
    }
}
