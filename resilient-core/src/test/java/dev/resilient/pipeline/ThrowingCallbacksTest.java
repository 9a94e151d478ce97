package dev.resilient.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.resilient.ResilienceRuntime;
import dev.resilient.circuitbreaker.CircuitBreakerConfig;
import dev.resilient.circuitbreaker.CircuitState;
import dev.resilient.fallback.FallbackConfig;
import dev.resilient.observation.ObservationConfig;
import dev.resilient.observation.alert.AlertConfig;
import dev.resilient.observation.alert.CallbackAlertSink;
import dev.resilient.observation.logging.LoggingConfig;
import dev.resilient.recovery.CleanupConfig;
import dev.resilient.retry.Backoff;
import dev.resilient.retry.RetryConfig;
import dev.resilient.retry.RetryExhaustedException;
import dev.resilient.time.ManualTime;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Every user callback of a pipeline throws, at once: the call's own outcome still comes out
 * unchanged and the state machines keep counting.
 */
class ThrowingCallbacksTest {

    private static RuntimeException bug(String where) {
        return new IllegalStateException("bug in " + where);
    }

    private final ManualTime time = new ManualTime();
    private final ResilienceRuntime runtime = ResilienceRuntime.manual(time);
    private final AtomicInteger calls = new AtomicInteger();

    private PipelineConfig.Builder everythingThrows() {
        return PipelineConfig.builder()
                .retry(RetryConfig.builder()
                        .maxAttempts(2)
                        .backoff(Backoff.fixed())
                        .baseDelay(Duration.ofMillis(10))
                        .onRetry(a -> {
                            throw bug("onRetry");
                        })
                        .onFailure(a -> {
                            throw bug("onFailure");
                        })
                        .onSuccess(a -> {
                            throw bug("onSuccess");
                        })
                        .build())
                .circuitBreaker(
                        CircuitBreakerConfig.builder().failureThreshold(100).build())
                .observation(ObservationConfig.builder()
                        .contextProvider(() -> {
                            throw bug("context provider");
                        })
                        .performanceCallback(timing -> {
                            throw bug("performance callback");
                        })
                        .build())
                .logging(LoggingConfig.builder()
                        .logArgs(true)
                        .logSuccess(true)
                        .parameterNames("password")
                        .sanitizer((name, value) -> {
                            throw bug("sanitizer");
                        })
                        .build())
                .alert(AlertConfig.builder()
                        .threshold(1)
                        .sink(new CallbackAlertSink(alert -> {
                            throw bug("alert sink");
                        }))
                        .build())
                .cleanup(CleanupConfig.builder()
                        .action(() -> {
                            throw bug("cleanup");
                        })
                        .build());
    }

    @Test
    void syncFailureComesOutUnchangedWithTheCleanupFailureSuppressed() {
        runtime.events().addListener(event -> {
            throw bug("event listener");
        });
        ResiliencePipeline pipeline =
                ResiliencePipeline.of("throwing", everythingThrows().build(), runtime);
        pipeline.circuitBreaker().orElseThrow().onStateChange((breaker, from, to) -> {
            throw bug("state listener");
        });

        assertThatThrownBy(() -> pipeline.execute(
                        () -> {
                            calls.incrementAndGet();
                            throw new IOException("down");
                        },
                        new Object[] {"secret"}))
                .isInstanceOf(RetryExhaustedException.class)
                .hasCauseInstanceOf(IOException.class)
                .satisfies(e -> assertThat(e.getSuppressed())
                        .anySatisfy(s -> assertThat(s).hasMessage("bug in cleanup")));

        assertThat(calls).hasValue(2);
        assertThat(pipeline.stats().failures()).isEqualTo(1);
        assertThat(pipeline.circuitBreaker().orElseThrow().stats().failed()).isEqualTo(2);
    }

    @Test
    void syncSuccessStillReturnsItsValue() throws Exception {
        ResiliencePipeline pipeline =
                ResiliencePipeline.of("throwing-ok", everythingThrows().build(), runtime);

        assertThat(pipeline.execute(() -> "value", new Object[] {"secret"})).isEqualTo("value");
        assertThat(pipeline.stats().successes()).isEqualTo(1);
    }

    @Test
    void throwingErrorMapperKeepsTheOriginalFailure() {
        IOException original = new IOException("down");
        ResiliencePipeline pipeline = ResiliencePipeline.of(
                "mapper",
                PipelineConfig.builder()
                        .fallback(FallbackConfig.builder()
                                .errorMapper(failure -> {
                                    throw bug("error mapper");
                                })
                                .build())
                        .build(),
                runtime);

        assertThatThrownBy(() -> pipeline.execute(() -> {
                    throw original;
                }))
                .isSameAs(original)
                .satisfies(e -> assertThat(e.getSuppressed())
                        .anySatisfy(s -> assertThat(s).hasMessage("bug in error mapper")));
    }

    @Test
    void asyncCallSettlesDespiteThrowingCallbacks() {
        ResiliencePipeline pipeline =
                ResiliencePipeline.of("throwing-async", everythingThrows().build(), runtime);

        var result = pipeline.<String>executeAsync(() -> calls.incrementAndGet() == 1
                        ? CompletableFuture.failedFuture(new IOException("down"))
                        : CompletableFuture.completedFuture("second"))
                .toCompletableFuture();
        time.advance(Duration.ofMillis(10));

        assertThat(result).isCompletedWithValue("second");
        assertThat(pipeline.circuitBreaker().orElseThrow().state()).isEqualTo(CircuitState.CLOSED);
    }
}
