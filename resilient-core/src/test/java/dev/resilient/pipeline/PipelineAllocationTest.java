package dev.resilient.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.resilient.ResilienceRuntime;
import dev.resilient.bulkhead.BulkheadConfig;
import dev.resilient.circuitbreaker.CircuitBreakerConfig;
import dev.resilient.ratelimiter.RateLimiterConfig;
import dev.resilient.retry.RetryConfig;
import dev.resilient.time.Clock;
import dev.resilient.time.ManualTime;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The composed sync pipeline (retry, circuit breaker, rate limiter, bulkhead) allocates nothing for
 * a call that needs no retry. JMH's {@code -prof gc} in resilient-benchmarks measures the same.
 */
class PipelineAllocationTest {

    private static final Callable<String> OK = () -> "ok";

    @Test
    void composedSyncSuccessPathReadsTheClockOnlyForTheRateLimiter() throws Exception {
        ManualTime time = new ManualTime();
        AtomicLong reads = new AtomicLong();
        Clock counting = new Clock() {
            @Override
            public long nanoTime() {
                reads.incrementAndGet();
                return time.nanoTime();
            }

            @Override
            public long currentTimeMillis() {
                return time.currentTimeMillis();
            }
        };
        ResilienceRuntime runtime = ResilienceRuntime.builder().clock(counting).scheduler(time).sleeper(time).build();
        ResiliencePipeline pipeline = composed(runtime);
        pipeline.execute(OK);
        reads.set(0);

        pipeline.execute(OK);

        assertThat(reads).hasValue(1);
    }

    private static ResiliencePipeline composed(ResilienceRuntime runtime) {
        return ResiliencePipeline.of("composed", PipelineConfig.builder()
                .retry(RetryConfig.ofDefaults())
                .circuitBreaker(CircuitBreakerConfig.ofDefaults())
                .rateLimiter(RateLimiterConfig.builder().limit(1_000_000_000).period(Duration.ofSeconds(1)).build())
                .bulkhead(BulkheadConfig.builder().maxConcurrent(1000).build())
                .build(), runtime);
    }

    @Test
    void composedSyncSuccessPathAllocatesNothing() throws Exception {
        var threads = ManagementFactory.getThreadMXBean();
        assumeTrue(threads instanceof com.sun.management.ThreadMXBean);
        var bean = (com.sun.management.ThreadMXBean) threads;
        assumeTrue(bean.isThreadAllocatedMemorySupported());
        bean.setThreadAllocatedMemoryEnabled(true);

        ResiliencePipeline pipeline = composed(ResilienceRuntime.manual(new ManualTime()));
        for (int i = 0; i < 20_000; i++) {
            pipeline.execute(OK);
        }
        long threadId = Thread.currentThread().getId();
        long before = bean.getThreadAllocatedBytes(threadId);
        int calls = 100_000;
        for (int i = 0; i < calls; i++) {
            pipeline.execute(OK);
        }
        long allocated = bean.getThreadAllocatedBytes(threadId) - before;
        // one allocation per call would be at least 1.6 MB; allow a little measurement noise
        assertThat(allocated).isLessThan(calls);
    }
}
