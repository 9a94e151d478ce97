package dev.resilient.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.resilient.RetryAfterAware;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class RetryConfigTest {

    @Test
    void defaults() {
        RetryConfig config = RetryConfig.ofDefaults();
        assertThat(config.maxAttempts()).isEqualTo(3);
        assertThat(config.backoff()).isSameAs(Backoff.exponential());
        assertThat(config.baseDelay()).isEqualTo(Duration.ofMillis(100));
        assertThat(config.multiplier()).isEqualTo(2.0);
        assertThat(config.maxDelay()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.jitter()).isSameAs(Jitter.none());
        assertThat(config.retryOn()).containsExactly(Exception.class);
        assertThat(config.abortOn()).isEmpty();
        assertThat(config.retryIf()).isNull();
        assertThat(config.retryOnResult()).isNull();
        assertThat(config.maxRetryAfter()).isEqualTo(Duration.ofSeconds(300));
        assertThat(config.onExhausted()).isEqualTo(OnExhausted.WRAP);
        assertThat(config.budget()).isNull();
        // the Retry-After cap has its own default, independent of maxDelay
        assertThat(RetryConfig.builder().maxDelay(Duration.ofSeconds(5)).build().maxRetryAfter())
                .isEqualTo(Duration.ofSeconds(300));
    }

    /** A failure that says whether its call may be repeated. */
    static final class Unsafe extends RuntimeException implements dev.resilient.RetrySafety {
        private final boolean safe;

        Unsafe(boolean safe) {
            this.safe = safe;
        }

        @Override
        public boolean safeToRetry() {
            return safe;
        }
    }

    @Test
    void aFailureThatIsNotSafeToRetryIsNeverRetriedWhateverRetryOnSays() {
        RetryConfig config = RetryConfig.builder()
                .retryOn(Unsafe.class)
                .retryIf(failure -> true)
                .build();
        assertThat(config.isRetryable(new Unsafe(false))).isFalse();
        assertThat(config.isRetryable(new Unsafe(true))).isTrue();
        assertThat(RetryConfig.ofDefaults().isRetryable(new Unsafe(false))).isFalse();
    }

    @Test
    void validationMessagesNameTheFieldAndTheValue() {
        assertInvalid(RetryConfig.builder().maxAttempts(0), "maxAttempts must be >= 1 but was 0");
        assertInvalid(
                RetryConfig.builder().baseDelay(Duration.ofMillis(-5)), "baseDelay must not be negative but was -5ms");
        assertInvalid(
                RetryConfig.builder().baseDelay(Duration.ofSeconds(2)).maxDelay(Duration.ofSeconds(1)),
                "maxDelay must be >= baseDelay (2s) but was 1s");
        assertInvalid(
                RetryConfig.builder().multiplier(0.5), "multiplier must be >= 1 for exponential backoff but was 0.5");
        assertInvalid(
                RetryConfig.builder().multiplier(Double.NaN), "multiplier must be a finite number > 0 but was NaN");
        assertInvalid(
                RetryConfig.builder().multiplier(-1).backoff(Backoff.fixed()),
                "multiplier must be a finite number > 0 but was -1.0");
        assertInvalid(
                RetryConfig.builder().maxRetryAfter(Duration.ofSeconds(-1)),
                "maxRetryAfter must not be negative but was -1s");
        assertThatThrownBy(() -> RetryConfig.builder().backoff(null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("backoff must not be null");
        assertThatThrownBy(() -> RetryConfig.builder().retryOn(IOException.class, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("retryOn type must not be null");
        // a multiplier below 1 is fine when it is not used
        assertThat(RetryConfig.builder()
                        .backoff(Backoff.linear())
                        .multiplier(0.5)
                        .build()
                        .multiplier())
                .isEqualTo(0.5);
    }

    private static void assertInvalid(RetryConfig.Builder builder, String message) {
        assertThatThrownBy(builder::build)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }

    @Test
    void retriesExceptionsButNeverErrors() {
        RetryConfig config = RetryConfig.ofDefaults();
        assertThat(config.isRetryable(new IOException())).isTrue();
        assertThat(config.isRetryable(new IllegalStateException())).isTrue();
        assertThat(config.isRetryable(new OutOfMemoryError())).isFalse();
        assertThat(config.isRetryable(new AssertionError())).isFalse();
        RetryConfig throwables = RetryConfig.builder().retryOn(Throwable.class).build();
        assertThat(throwables.isRetryable(new StackOverflowError())).isFalse();
    }

    @Test
    void retryOnRestrictsTheTypesAndAbortOnWins() {
        RetryConfig config = RetryConfig.builder()
                .retryOn(IOException.class, TimeoutException.class)
                .abortOn(FileNotFoundException.class)
                .build();
        assertThat(config.isRetryable(new IOException())).isTrue();
        assertThat(config.isRetryable(new TimeoutException())).isTrue();
        assertThat(config.isRetryable(new FileNotFoundException())).isFalse();
        assertThat(config.isRetryable(new IllegalStateException())).isFalse();
        assertThat(config.isRetryable(new UncheckedIOException(new IOException())))
                .isFalse();
        RetryConfig none = RetryConfig.builder().retryOn().build();
        assertThat(none.isRetryable(new IOException())).isFalse();
    }

    @Test
    void retryIfPredicateMustAlsoAccept() {
        RetryConfig config = RetryConfig.builder()
                .retryIf(failure ->
                        failure.getMessage() != null && failure.getMessage().contains("transient"))
                .build();
        assertThat(config.isRetryable(new IOException("transient glitch"))).isTrue();
        assertThat(config.isRetryable(new IOException("permanent"))).isFalse();
        RetryConfig broken = RetryConfig.builder()
                .retryIf(failure -> {
                    throw new IllegalStateException("bug in predicate");
                })
                .build();
        assertThat(broken.isRetryable(new IOException())).isFalse();
    }

    @Test
    void resultPredicate() {
        RetryConfig config = RetryConfig.builder()
                .retryOnResult(result -> Integer.valueOf(503).equals(result))
                .build();
        assertThat(config.isRetryableResult(503)).isTrue();
        assertThat(config.isRetryableResult(200)).isFalse();
        assertThat(config.isRetryableResult(null)).isFalse();
        assertThat(RetryConfig.ofDefaults().isRetryableResult(503)).isFalse();
        RetryConfig broken = RetryConfig.builder()
                .retryOnResult(result -> {
                    throw new IllegalStateException("bug");
                })
                .build();
        assertThat(broken.isRetryableResult(1)).isFalse();
    }

    @Test
    void rejectionsAreNeverRetriedUnlessRetryOnNamesThem() {
        RetryConfig config = RetryConfig.ofDefaults();
        assertThat(config.isRetryable(new TestRejections.OpenCircuit())).isFalse();
        assertThat(config.isRetryable(new TestRejections.RateLimited(Duration.ofSeconds(1))))
                .isFalse();
        assertThat(config.isRetryable(new TestRejections.BulkheadFull())).isFalse();
        // naming a rejection in retryOn opts in explicitly
        RetryConfig optIn =
                RetryConfig.builder().retryOn(TestRejections.OpenCircuit.class).build();
        assertThat(optIn.isRetryable(new TestRejections.OpenCircuit())).isTrue();
        RetryConfig rateLimits =
                RetryConfig.builder().retryOn(TestRejections.RateLimited.class).build();
        assertThat(rateLimits.isRetryable(new TestRejections.RateLimited(Duration.ZERO)))
                .isTrue();
        // abortOn still wins
        RetryConfig abort = RetryConfig.builder()
                .retryOn(TestRejections.RateLimited.class)
                .abortOn(TestRejections.RateLimited.class)
                .build();
        assertThat(abort.isRetryable(new TestRejections.RateLimited(Duration.ZERO)))
                .isFalse();
    }

    @Test
    void retryAfterHintComesFromTheExtractorThenRetryAfterAwareAndIsCapped() {
        RetryConfig config = RetryConfig.builder()
                .maxRetryAfter(Duration.ofSeconds(10))
                .retryAfterFromFailure(failure -> failure instanceof TimeoutException ? Duration.ofSeconds(3) : null)
                .retryAfterFromResult(result -> result instanceof Integer seconds ? Duration.ofSeconds(seconds) : null)
                .build();
        assertThat(config.retryAfterNanos(new TimeoutException(), null))
                .isEqualTo(Duration.ofSeconds(3).toNanos());
        assertThat(config.retryAfterNanos(new IOException(), null)).isEqualTo(-1);
        assertThat(config.retryAfterNanos(new TestRejections.RateLimited(Duration.ofSeconds(2)), null))
                .isEqualTo(Duration.ofSeconds(2).toNanos());
        assertThat(config.retryAfterNanos(new TestRejections.RateLimited(Duration.ofHours(2)), null))
                .isEqualTo(Duration.ofSeconds(10).toNanos());
        assertThat(config.retryAfterNanos(new TestRejections.RateLimited(Duration.ofSeconds(-4)), null))
                .isZero();
        assertThat(config.retryAfterNanos(null, 7))
                .isEqualTo(Duration.ofSeconds(7).toNanos());
        assertThat(config.retryAfterNanos(null, 700))
                .isEqualTo(Duration.ofSeconds(10).toNanos());
        assertThat(config.retryAfterNanos(null, (RetryAfterAware) () -> Duration.ofMillis(250)))
                .isEqualTo(Duration.ofMillis(250).toNanos());
        assertThat(config.retryAfterNanos(null, "no hint")).isEqualTo(-1);
        RetryConfig broken = RetryConfig.builder()
                .retryAfterFromFailure(failure -> {
                    throw new IllegalStateException("bug");
                })
                .build();
        assertThat(broken.retryAfterNanos(new IOException(), null)).isEqualTo(-1);
    }

    @Test
    void hintOverridesTheComputedDelay() {
        RetryConfig config = RetryConfig.builder().jitter(Jitter.full()).build();
        var random = new SplittableRandom(1);
        assertThat(config.delayNanos(1, 0, new TestRejections.RateLimited(Duration.ofSeconds(4)), null, random))
                .isEqualTo(Duration.ofSeconds(4).toNanos());
        assertThat(config.delayNanos(3, 0, new IOException(), null, random))
                .isBetween(0L, Duration.ofMillis(400).toNanos());
    }

    @Test
    void maxTotalDelaySumsTheLargestDelays() {
        RetryConfig config = RetryConfig.builder().maxAttempts(4).build(); // 100 + 200 + 400
        assertThat(config.maxTotalDelay()).isEqualTo(Duration.ofMillis(700));
        RetryConfig ratio = config.toBuilder().jitter(Jitter.ratio(0.5)).build();
        assertThat(ratio.maxTotalDelay()).isEqualTo(Duration.ofMillis(1050));
        RetryConfig decorrelated = config.toBuilder()
                .jitter(Jitter.decorrelated())
                .maxDelay(Duration.ofSeconds(1))
                .build();
        assertThat(decorrelated.maxTotalDelay()).isEqualTo(Duration.ofSeconds(3));
        RetryConfig huge = RetryConfig.builder()
                .maxAttempts(Integer.MAX_VALUE)
                .maxDelay(Duration.ofDays(365 * 200))
                .build();
        assertThat(huge.maxTotalDelay()).isEqualTo(Duration.ofNanos(Long.MAX_VALUE));
    }

    @Test
    void toBuilderCopiesAndDescribeShowsTheEffectiveValues() {
        RetryConfig config = RetryConfig.builder()
                .maxAttempts(5)
                .backoff(Backoff.fibonacci())
                .baseDelay(Duration.ofMillis(250))
                .jitter(Jitter.ratio(0.2))
                .retryOn(IOException.class)
                .abortOn(FileNotFoundException.class)
                .budget(RetryBudgetConfig.ofDefaults())
                .build();
        RetryConfig copy = config.toBuilder().maxAttempts(6).build();
        assertThat(copy.maxAttempts()).isEqualTo(6);
        assertThat(copy.backoff()).isSameAs(Backoff.fibonacci());
        assertThat(copy.retryOn()).containsExactly(IOException.class);
        assertThat(copy.abortOn()).containsExactly(FileNotFoundException.class);
        assertThat(copy.budget()).isSameAs(config.budget());
        assertThat(config.toBuilder().maxDelay(Duration.ofSeconds(3)).build().maxRetryAfter())
                .isEqualTo(Duration.ofSeconds(300));
        assertThat(config.describe())
                .containsEntry("maxAttempts", 5)
                .containsEntry("backoff", "fibonacci")
                .containsEntry("baseDelay", "250ms")
                .containsEntry("maxDelay", "30s")
                .containsEntry("jitter", "ratio(0.2)");
        assertThat(config.toString()).startsWith("RetryConfig{maxAttempts=5, backoff=fibonacci");
    }

    @Test
    void retryAfterHintsCanBeTurnedOff() {
        dev.resilient.RetryAfterAware hinted = () -> java.time.Duration.ofSeconds(7);
        class Hinted extends RuntimeException implements dev.resilient.RetryAfterAware {
            private static final long serialVersionUID = 1L;

            @Override
            public java.time.Duration retryAfter() {
                return hinted.retryAfter();
            }
        }
        RetryConfig honouring =
                RetryConfig.builder().maxDelay(java.time.Duration.ofSeconds(30)).build();
        RetryConfig ignoring = honouring.toBuilder().honourRetryAfter(false).build();

        assertThat(honouring.retryAfterNanos(new Hinted(), null)).isEqualTo(7_000_000_000L);
        assertThat(ignoring.retryAfterNanos(new Hinted(), null)).isEqualTo(-1);
        assertThat(ignoring.honourRetryAfter()).isFalse();
        assertThat(ignoring.describe()).containsEntry("honourRetryAfter", false);
    }
}
