package dev.resilient.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.resilient.ResilienceRuntime;
import dev.resilient.pipeline.Step;
import dev.resilient.pipeline.StepContext;
import dev.resilient.time.ManualTime;
import java.lang.management.ManagementFactory;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;

class RetryStepAllocationTest {

    private static final Callable<String> OK = () -> "ok";

    @Test
    void syncSuccessWithoutRetryAllocatesNothing() throws Exception {
        var threads = ManagementFactory.getThreadMXBean();
        assumeTrue(threads instanceof com.sun.management.ThreadMXBean);
        var bean = (com.sun.management.ThreadMXBean) threads;
        assumeTrue(bean.isThreadAllocatedMemorySupported());
        bean.setThreadAllocatedMemoryEnabled(true);

        StepContext ctx = StepContext.of("alloc", ResilienceRuntime.manual(new ManualTime()));
        RetryConfig config = RetryConfig.builder().budget(RetryBudgetConfig.ofDefaults()).build();
        RetryStep step = new RetryStep(Retry.of("alloc", config), ctx, Step.terminal());
        Object[] args = {};
        for (int i = 0; i < 20_000; i++) {
            step.execute(OK, args);
        }
        long threadId = Thread.currentThread().getId();
        long before = bean.getThreadAllocatedBytes(threadId);
        int calls = 100_000;
        for (int i = 0; i < calls; i++) {
            step.execute(OK, args);
        }
        long allocated = bean.getThreadAllocatedBytes(threadId) - before;
        // a single allocation per call would be >= 1.6 MB; allow a little noise from the measurement
        assertThat(allocated).isLessThan(calls);
    }
}
