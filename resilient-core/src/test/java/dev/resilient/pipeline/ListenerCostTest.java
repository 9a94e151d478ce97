package dev.resilient.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resilient.ResilienceRuntime;
import dev.resilient.circuitbreaker.CircuitBreakerConfig;
import dev.resilient.observation.logging.LoggingListener;
import dev.resilient.retry.RetryConfig;
import dev.resilient.testing.Measure;
import dev.resilient.time.ManualTime;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;

/**
 * A default {@link LoggingListener} (failures only) costs a successful call of a retry + breaker
 * pipeline no allocation and only the clock reads that time the call for a possible failure event.
 */
class ListenerCostTest {

    private static final Callable<String> OK = () -> "ok";

    private static ResiliencePipeline pipeline(ResilienceRuntime runtime) {
        runtime.events().addListener(new LoggingListener());
        return ResiliencePipeline.of(
                "logged",
                PipelineConfig.builder()
                        .retry(RetryConfig.ofDefaults())
                        .circuitBreaker(CircuitBreakerConfig.ofDefaults())
                        .build(),
                runtime);
    }

    @Test
    void aSuccessfulCallReadsTheClockOnlyToTimeItForAPossibleFailure() throws Exception {
        ManualTime time = new ManualTime();
        Measure.CountingClock clock = new Measure.CountingClock(time);
        ResiliencePipeline pipeline = pipeline(ResilienceRuntime.builder()
                .clock(clock)
                .scheduler(time)
                .sleeper(time)
                .build());
        pipeline.execute(OK);
        clock.reset();

        pipeline.execute(OK);

        // the observation step's start (FAILURE carries the elapsed time) and the retry step's start
        // (RETRY / RETRIES_EXHAUSTED carry it); no end read and no event on success
        assertThat(clock.reads()).isEqualTo(2);
    }

    @Test
    void aSuccessfulCallAllocatesNothing() throws Exception {
        ResiliencePipeline pipeline = pipeline(ResilienceRuntime.manual(new ManualTime()));
        int calls = 100_000;
        // one allocation per call would be at least 1.6 MB; allow a little measurement noise
        assertThat(Measure.bytesAllocated(calls, () -> pipeline.execute(OK))).isLessThan(calls);
    }
}
