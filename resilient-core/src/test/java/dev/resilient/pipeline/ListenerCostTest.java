package dev.resilient.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.resilient.ResilienceRuntime;
import dev.resilient.circuitbreaker.CircuitBreakerConfig;
import dev.resilient.observation.logging.LoggingListener;
import dev.resilient.retry.RetryConfig;
import dev.resilient.time.Clock;
import dev.resilient.time.ManualTime;
import java.lang.management.ManagementFactory;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * A default {@link LoggingListener} (failures only) costs a successful call of a retry + breaker
 * pipeline no allocation and only the clock read that times the call for a possible FAILURE event.
 */
class ListenerCostTest {

    private static final Callable<String> OK = () -> "ok";

    private static ResiliencePipeline pipeline(ResilienceRuntime runtime) {
        runtime.events().addListener(new LoggingListener());
        return ResiliencePipeline.of("logged", PipelineConfig.builder()
                .retry(RetryConfig.ofDefaults())
                .circuitBreaker(CircuitBreakerConfig.ofDefaults())
                .build(), runtime);
    }

    @Test
    void aSuccessfulCallReadsTheClockOnlyToTimeItForAPossibleFailure() throws Exception {
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
        ResiliencePipeline pipeline = pipeline(runtime);
        pipeline.execute(OK);
        reads.set(0);

        pipeline.execute(OK);

        // the observation step's start (FAILURE carries the elapsed time) and the retry step's start
        // (RETRY / RETRIES_EXHAUSTED carry it); no end read and no event on success
        assertThat(reads).hasValue(2);
    }

    @Test
    void aSuccessfulCallAllocatesNothing() throws Exception {
        var threads = ManagementFactory.getThreadMXBean();
        assumeTrue(threads instanceof com.sun.management.ThreadMXBean);
        var bean = (com.sun.management.ThreadMXBean) threads;
        assumeTrue(bean.isThreadAllocatedMemorySupported());
        bean.setThreadAllocatedMemoryEnabled(true);

        ResiliencePipeline pipeline = pipeline(ResilienceRuntime.manual(new ManualTime()));
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
