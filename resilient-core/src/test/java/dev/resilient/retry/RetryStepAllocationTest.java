package dev.resilient.retry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resilient.ResilienceRuntime;
import dev.resilient.step.Step;
import dev.resilient.step.StepContext;
import dev.resilient.testing.Measure;
import dev.resilient.time.ManualTime;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;

class RetryStepAllocationTest {

    private static final Callable<String> OK = () -> "ok";

    @Test
    void syncSuccessWithoutRetryAllocatesNothing() throws Exception {
        StepContext ctx = StepContext.of("alloc", ResilienceRuntime.manual(new ManualTime()));
        RetryConfig config =
                RetryConfig.builder().budget(RetryBudgetConfig.ofDefaults()).build();
        RetryStep step = new RetryStep(Retry.of("alloc", config), ctx, Step.terminal());
        Object[] args = {};
        int calls = 100_000;
        // a single allocation per call would be >= 1.6 MB; allow a little noise from the measurement
        assertThat(Measure.bytesAllocated(calls, () -> step.execute(OK, args))).isLessThan(calls);
    }
}
