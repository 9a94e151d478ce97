package dev.resilient.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import ch.qos.logback.classic.Level;
import dev.resilient.ResilienceRuntime;
import dev.resilient.circuitbreaker.CircuitBreakerConfig;
import dev.resilient.circuitbreaker.CircuitBreakerOpenException;
import dev.resilient.observation.LogCapture;
import dev.resilient.pipeline.PipelineConfig;
import dev.resilient.pipeline.ResiliencePipeline;
import dev.resilient.time.ManualTime;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** What a call throws when its retries end: the wrapper or the last failure, and the record either way. */
class RetryExhaustedTest {

    private final ManualTime time = new ManualTime();
    private final ResilienceRuntime runtime = ResilienceRuntime.manual(time);

    private ResiliencePipeline pipeline(RetryConfig retry) {
        return ResiliencePipeline.of(
                "svc", PipelineConfig.builder().retry(retry).build(), runtime);
    }

    private static RetryConfig.Builder retry() {
        return RetryConfig.builder().maxAttempts(3).backoff(Backoff.fixed()).baseDelay(Duration.ofMillis(10));
    }

    @Test
    void wrapIsCoresDefaultAndLooksThroughToTheLastFailure() {
        AtomicInteger calls = new AtomicInteger();
        Throwable thrown = catchThrowable(() -> pipeline(retry().build()).execute(() -> {
            throw new IOException("down " + calls.incrementAndGet());
        }));
        assertThat(thrown).isInstanceOf(RetryExhaustedException.class).hasCauseInstanceOf(IOException.class);
        RetryExhaustedException record = RetryExhaustedException.find(thrown).orElseThrow();
        assertThat(record.attempts()).isEqualTo(3);
        assertThat(record.failures()).extracting(Throwable::getMessage).containsExactly("down 1", "down 2", "down 3");
        assertThat(RetryExhaustedException.lastFailureOf(thrown)).hasMessage("down 3");
    }

    @Test
    void lastFailureThrowsWhatTheMethodThrewWithTheRecordAttached() {
        AtomicInteger calls = new AtomicInteger();
        Throwable thrown = catchThrowable(
                () -> pipeline(retry().onExhausted(OnExhausted.LAST_FAILURE).build())
                        .execute(() -> {
                            throw new IOException("down " + calls.incrementAndGet());
                        }));
        assertThat(thrown).isExactlyInstanceOf(IOException.class).hasMessage("down 3");
        RetryExhaustedException record = RetryExhaustedException.find(thrown).orElseThrow();
        assertThat(record.getCause()).isNull();
        assertThat(record.attempts()).isEqualTo(3);
        assertThat(record.lastFailure()).isSameAs(thrown);
        assertThat(record.failures()).extracting(Throwable::getMessage).containsExactly("down 1", "down 2", "down 3");
        assertThat(RetryExhaustedException.lastFailureOf(thrown)).isSameAs(thrown);
    }

    @Test
    void lastFailureOnTheAsyncPathToo() {
        CompletableFuture<Object> future = pipeline(
                        retry().onExhausted(OnExhausted.LAST_FAILURE).build())
                .executeAsync(() -> CompletableFuture.failedFuture(new IOException("down")))
                .toCompletableFuture();
        time.advance(Duration.ofSeconds(1));
        Throwable thrown = catchThrowable(future::join).getCause();
        assertThat(thrown).isExactlyInstanceOf(IOException.class);
        assertThat(RetryExhaustedException.find(thrown).orElseThrow().attempts())
                .isEqualTo(3);
    }

    @Test
    void anExceptionThrownAgainAndAgainGetsOneRecordOnly() {
        IOException same = new IOException("same instance");
        ResiliencePipeline pipeline =
                pipeline(retry().onExhausted(OnExhausted.LAST_FAILURE).build());
        for (int i = 0; i < 5; i++) {
            catchThrowable(() -> pipeline.execute(() -> {
                throw same;
            }));
        }
        assertThat(same.getSuppressed()).hasSize(1);
    }

    @Test
    void aCircuitThatOpensDuringTheRetriesIsThrownWithTheMethodsLastFailureAttached() {
        ResiliencePipeline pipeline = ResiliencePipeline.of(
                "svc",
                PipelineConfig.builder()
                        .retry(retry().maxAttempts(5)
                                .onExhausted(OnExhausted.LAST_FAILURE)
                                .build())
                        .circuitBreaker(CircuitBreakerConfig.builder()
                                .failureThreshold(2)
                                .build())
                        .build(),
                runtime);
        AtomicInteger calls = new AtomicInteger();
        Throwable thrown = catchThrowable(() -> pipeline.execute(() -> {
            throw new IOException("down " + calls.incrementAndGet());
        }));
        assertThat(calls).hasValue(2);
        assertThat(thrown).isInstanceOf(CircuitBreakerOpenException.class);
        RetryExhaustedException record = RetryExhaustedException.find(thrown).orElseThrow();
        assertThat(record.attempts()).isEqualTo(3);
        assertThat(record.lastFailure()).hasMessage("down 2");
        assertThat(record.failures()).extracting(Throwable::getMessage).containsExactly("down 1", "down 2");
    }

    @Test
    void programmingErrorsAreNotRetriedUnlessRetryOnNamesThem() {
        RetryConfig defaults = RetryConfig.ofDefaults();
        for (Class<? extends RuntimeException> type : RetryConfig.PROGRAMMING_ERRORS) {
            RuntimeException failure = newInstance(type);
            assertThat(defaults.isRetryable(failure)).as(type.getName()).isFalse();
        }
        assertThat(defaults.isRetryable(new NumberFormatException())).isFalse();
        assertThat(defaults.isRetryable(new ArrayIndexOutOfBoundsException())).isFalse();
        assertThat(defaults.isRetryable(new IllegalStateException())).isTrue();
        RetryConfig optIn =
                RetryConfig.builder().retryOn(IllegalArgumentException.class).build();
        assertThat(optIn.isRetryable(new NumberFormatException())).isTrue();
        assertThat(optIn.isRetryable(new NullPointerException())).isFalse();
    }

    private static RuntimeException newInstance(Class<? extends RuntimeException> type) {
        try {
            return type.getConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aClampedRetryAfterHintIsLoggedAtDebug() {
        RetryConfig config =
                RetryConfig.builder().maxRetryAfter(Duration.ofSeconds(5)).build();
        try (LogCapture log = new LogCapture("dev.resilient.retry")) {
            RuntimeException withHint = new HintedFailure(Duration.ofSeconds(60));
            assertThat(config.retryAfterNanos(withHint, null))
                    .isEqualTo(Duration.ofSeconds(5).toNanos());
            assertThat(log.single().getLevel()).isEqualTo(Level.DEBUG);
            assertThat(log.single().getFormattedMessage()).contains("PT1M").contains("PT5S");
        }
        assertThat(RetryConfig.ofDefaults().retryAfterNanos(new HintedFailure(Duration.ofSeconds(60)), null))
                .isEqualTo(Duration.ofSeconds(60).toNanos());
    }

    @Test
    void aWaitThatDoesNotFitInMaxDurationGivesUpAtOnce() {
        AtomicInteger calls = new AtomicInteger();
        ResiliencePipeline pipeline = pipeline(RetryConfig.builder()
                .maxDuration(Duration.ofSeconds(30))
                .onExhausted(OnExhausted.LAST_FAILURE)
                .build());
        Throwable thrown = catchThrowable(() -> pipeline.execute(() -> {
            calls.incrementAndGet();
            throw new HintedFailure(Duration.ofSeconds(60));
        }));
        assertThat(thrown).isInstanceOf(HintedFailure.class);
        assertThat(calls).hasValue(1);
        assertThat(time.elapsed()).isEqualTo(Duration.ZERO);
        assertThat(RetryExhaustedException.find(thrown).orElseThrow().attempts())
                .isEqualTo(1);
    }

    @Test
    void successThresholdAloneRaisesTheHalfOpenTrials() {
        CircuitBreakerConfig config =
                CircuitBreakerConfig.builder().successThreshold(3).build();
        assertThat(config.halfOpenRequests()).isEqualTo(3);
    }

    static final class HintedFailure extends RuntimeException implements dev.resilient.RetryAfterAware {
        private final Duration hint;

        HintedFailure(Duration hint) {
            this.hint = hint;
        }

        @Override
        public Duration retryAfter() {
            return hint;
        }
    }
}
