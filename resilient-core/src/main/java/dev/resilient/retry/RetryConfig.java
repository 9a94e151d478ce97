package dev.resilient.retry;

import static dev.resilient.retry.internal.RetryRules.required;

import dev.resilient.CallNotPermittedException;
import dev.resilient.RetryAfterAware;
import dev.resilient.RetrySafety;
import dev.resilient.retry.internal.RetryDescription;
import dev.resilient.retry.internal.RetryRules;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;

/**
 * How a retry behaves: how many attempts, how long to wait between them, which failures and results
 * are retried, how a server's Retry-After hint is read, callbacks and an optional budget. Immutable
 * and thread-safe; build with {@link #builder()} (validated on {@link Builder#build()}).
 *
 * <p>A failure is retried when all of these hold:
 * <ul>
 *   <li>it is not an {@link Error};</li>
 *   <li>it is not an instance of an {@link #abortOn()} type (abort wins over retry);</li>
 *   <li>it is not a {@link RetrySafety} whose {@code safeToRetry()} is false;</li>
 *   <li>it is not a {@link CallNotPermittedException} (a rejection by the library itself: open
 *       circuit, rate limited, bulkhead full, failure cached, error limit, …), unless
 *       {@link #retryOn()} names its type or a supertype that is itself a
 *       {@code CallNotPermittedException};</li>
 *   <li>it is not a programming error ({@link #PROGRAMMING_ERRORS}), unless {@link #retryOn()}
 *       names its type or a supertype that is itself one of them;</li>
 *   <li>it is an instance of a {@link #retryOn()} type (default: {@link Exception});</li>
 *   <li>the {@link #retryIf()} predicate, when set, accepts it.</li>
 * </ul>
 * A result is retried when the {@link #retryOnResult()} predicate accepts it.
 */
public final class RetryConfig {

    /** Default {@link #maxAttempts()}. */
    public static final int DEFAULT_MAX_ATTEMPTS = 3;
    /** Default {@link #baseDelay()}. */
    public static final Duration DEFAULT_BASE_DELAY = Duration.ofMillis(100);
    /** Default {@link #multiplier()}. */
    public static final double DEFAULT_MULTIPLIER = 2.0;
    /** Default {@link #maxDelay()}. */
    public static final Duration DEFAULT_MAX_DELAY = Duration.ofSeconds(30);
    /** Default {@link #maxRetryAfter()}: a server's Retry-After hint is trusted up to 5 minutes. */
    public static final Duration DEFAULT_MAX_RETRY_AFTER = Duration.ofSeconds(300);

    /**
     * Programming errors, never retried unless {@link #retryOn()} names them (or a supertype that is
     * itself one of them): retrying the same arguments cannot succeed. A closed list;
     * {@link IllegalStateException} is not in it (a state may change between attempts).
     */
    public static final List<Class<? extends RuntimeException>> PROGRAMMING_ERRORS = List.of(
            IllegalArgumentException.class, // NumberFormatException included
            NullPointerException.class,
            ClassCastException.class,
            UnsupportedOperationException.class,
            IndexOutOfBoundsException.class,
            ArithmeticException.class);

    private static final RetryConfig DEFAULTS = builder().build();

    private final int maxAttempts;
    private final Backoff backoff;
    private final Duration baseDelay;
    private final double multiplier;
    private final Duration maxDelay;
    private final Jitter jitter;
    private final Set<Class<? extends Throwable>> retryOn;
    private final @Nullable Predicate<Throwable> retryIf;
    private final Set<Class<? extends Throwable>> abortOn;
    private final @Nullable Predicate<Object> retryOnResult;
    private final @Nullable Function<Object, Duration> retryAfterFromResult;
    private final @Nullable Function<Throwable, Duration> retryAfterFromFailure;
    private final Duration maxRetryAfter;
    private final boolean honourRetryAfter;
    private final @Nullable Consumer<RetryAttempt> onRetry;
    private final @Nullable Consumer<RetryAttempt> onSuccess;
    private final @Nullable Consumer<RetryAttempt> onFailure;
    private final @Nullable RetryBudgetConfig budget;
    private final @Nullable Duration maxDuration;
    private final OnExhausted onExhausted;
    private final RetryRules rules; // the same rules, in the form asked on every attempt

    private RetryConfig(Builder b) {
        this.maxAttempts = b.maxAttempts;
        this.backoff = b.backoff;
        this.baseDelay = b.baseDelay;
        this.multiplier = b.multiplier;
        this.maxDelay = b.maxDelay;
        this.jitter = b.jitter;
        this.retryOn = Collections.unmodifiableSet(new LinkedHashSet<>(b.retryOn));
        this.retryIf = b.retryIf;
        this.abortOn = Collections.unmodifiableSet(new LinkedHashSet<>(b.abortOn));
        this.retryOnResult = b.retryOnResult;
        this.retryAfterFromResult = b.retryAfterFromResult;
        this.retryAfterFromFailure = b.retryAfterFromFailure;
        this.maxRetryAfter = b.maxRetryAfter;
        this.honourRetryAfter = b.honourRetryAfter;
        this.onRetry = b.onRetry;
        this.onSuccess = b.onSuccess;
        this.onFailure = b.onFailure;
        this.budget = b.budget;
        this.maxDuration = b.maxDuration;
        this.onExhausted = b.onExhausted;
        this.rules = new RetryRules(this);
    }

    /** The defaults: 3 attempts, exponential backoff from 100 ms times 2 up to 30 s, no jitter. */
    public static RetryConfig ofDefaults() {
        return DEFAULTS;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from this configuration's values. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Attempts in all, the first one included. Default 3; 1 means no retry. */
    public int maxAttempts() {
        return maxAttempts;
    }

    /** How the delay grows with the retry number. Default exponential. */
    public Backoff backoff() {
        return backoff;
    }

    /** The first delay and the unit of every backoff. Default 100 ms. */
    public Duration baseDelay() {
        return baseDelay;
    }

    /** The growth factor of the exponential backoff. Default 2.0. */
    public double multiplier() {
        return multiplier;
    }

    /** The cap of every computed (and jittered) delay. Default 30 s. */
    public Duration maxDelay() {
        return maxDelay;
    }

    /** The randomisation of the computed delay. Default none. */
    public Jitter jitter() {
        return jitter;
    }

    /** Failure types that are retried (and their subtypes). Default {@link Exception}. */
    public Set<Class<? extends Throwable>> retryOn() {
        return retryOn;
    }

    /** An extra condition a failure must meet to be retried, or {@code null}. */
    public @Nullable Predicate<Throwable> retryIf() {
        return retryIf;
    }

    /** Failure types never retried, even when {@link #retryOn()} matches. Default none. */
    public Set<Class<? extends Throwable>> abortOn() {
        return abortOn;
    }

    /** Results treated like a failure and retried (e.g. an HTTP 503), or {@code null}. */
    public @Nullable Predicate<Object> retryOnResult() {
        return retryOnResult;
    }

    /** Reads a Retry-After hint from a result, or {@code null}; tried before {@link RetryAfterAware}. */
    public @Nullable Function<Object, Duration> retryAfterFromResult() {
        return retryAfterFromResult;
    }

    /** Reads a Retry-After hint from a failure, or {@code null}; tried before {@link RetryAfterAware}. */
    public @Nullable Function<Throwable, Duration> retryAfterFromFailure() {
        return retryAfterFromFailure;
    }

    /** Whether Retry-After hints (extractors, {@code RetryAfterAware}) replace the computed delay, or are ignored. */
    public boolean honourRetryAfter() {
        return honourRetryAfter;
    }

    /**
     * The cap of a Retry-After hint; a longer hint is cut to it (logged at debug). Default
     * {@link #DEFAULT_MAX_RETRY_AFTER} (300 s), independent of {@link #maxDelay()}.
     */
    public Duration maxRetryAfter() {
        return maxRetryAfter;
    }

    /** What the call throws when the attempts run out. Default {@link OnExhausted#WRAP}. */
    public OnExhausted onExhausted() {
        return onExhausted;
    }

    /** Called before each wait, or {@code null}. */
    public @Nullable Consumer<RetryAttempt> onRetry() {
        return onRetry;
    }

    /** Called when the call returns a result that is not retried, or {@code null}. */
    public @Nullable Consumer<RetryAttempt> onSuccess() {
        return onSuccess;
    }

    /** Called when the call fails for good (or retries run out on a result), or {@code null}. */
    public @Nullable Consumer<RetryAttempt> onFailure() {
        return onFailure;
    }

    /**
     * The time the whole call may take, or {@code null} for no limit: a wait (a Retry-After hint included) that would
     * end after it makes the retry give up at once with the last failure instead of waiting past the budget. The
     * Spring starter sets it to a profile's total timeout.
     */
    public @Nullable Duration maxDuration() {
        return maxDuration;
    }

    /** {@link #maxDuration()} in nanoseconds, 0 for no limit. */
    public long maxDurationNanos() {
        return rules.maxDurationNanos();
    }

    /** The retry budget, or {@code null} when retries are not throttled. */
    public @Nullable RetryBudgetConfig budget() {
        return budget;
    }

    /** {@link #baseDelay()} in nanoseconds (saturated). */
    public long baseDelayNanos() {
        return rules.baseDelayNanos();
    }

    /** {@link #maxDelay()} in nanoseconds (saturated). */
    public long maxDelayNanos() {
        return rules.maxDelayNanos();
    }

    /** {@link #maxRetryAfter()} in nanoseconds (saturated). */
    public long maxRetryAfterNanos() {
        return rules.maxRetryAfterNanos();
    }

    /** Whether {@code failure} may be retried (see the class); allocation-free; a throwing {@code retryIf} means no. */
    public boolean isRetryable(Throwable failure) {
        return rules.isRetryable(failure);
    }

    /** Whether {@code result} is retried. A {@code retryOnResult} predicate that throws counts as "no". */
    public boolean isRetryableResult(@Nullable Object result) {
        return rules.isRetryableResult(result);
    }

    /**
     * The computed wait before retry {@code n} (backoff, then jitter), in {@code [0, maxDelay]}.
     *
     * @param previousNanos the previous wait of this call; {@link #baseDelayNanos()} before the first
     */
    public long computedDelayNanos(int n, long previousNanos, RandomGenerator random) {
        return rules.computedDelayNanos(n, previousNanos, random);
    }

    /**
     * The Retry-After hint of a retried failure (or, when {@code failure} is {@code null}, of a retried result) in
     * nanoseconds, within {@code [0, maxRetryAfter]}; {@code -1} when there is none. The configured extractor is
     * asked first, then {@link RetryAfterAware}.
     */
    public long retryAfterNanos(@Nullable Throwable failure, @Nullable Object result) {
        return rules.retryAfterNanos(failure, result);
    }

    /**
     * The wait before retry {@code n} after {@code failure} (or a retried {@code result}): the
     * Retry-After hint when there is one, otherwise the {@linkplain #computedDelayNanos computed} delay.
     */
    public long delayNanos(
            int n, long previousNanos, @Nullable Throwable failure, @Nullable Object result, RandomGenerator random) {
        return rules.delayNanos(n, previousNanos, failure, result, random);
    }

    /**
     * The longest the retries of one call can wait in all (the sum of the largest possible delays, jitter included,
     * Retry-After hints not counted). Useful to check that the retries fit in an outer timeout.
     */
    public Duration maxTotalDelay() {
        return rules.maxTotalDelay();
    }

    /** The effective configuration as names and printable values, in a stable order. */
    public Map<String, Object> describe() {
        return RetryDescription.of(this);
    }

    @Override
    public String toString() {
        return "RetryConfig" + describe();
    }

    /** Builds a {@link RetryConfig}. Setters check for {@code null}; ranges are checked on {@link #build()}. */
    public static final class Builder {
        private int maxAttempts = DEFAULT_MAX_ATTEMPTS;
        private Backoff backoff = Backoff.exponential();
        private Duration baseDelay = DEFAULT_BASE_DELAY;
        private double multiplier = DEFAULT_MULTIPLIER;
        private Duration maxDelay = DEFAULT_MAX_DELAY;
        private Jitter jitter = Jitter.none();
        private final Set<Class<? extends Throwable>> retryOn = new LinkedHashSet<>(List.of(Exception.class));
        private @Nullable Predicate<Throwable> retryIf;
        private final Set<Class<? extends Throwable>> abortOn = new LinkedHashSet<>();
        private @Nullable Predicate<Object> retryOnResult;
        private @Nullable Function<Object, Duration> retryAfterFromResult;
        private @Nullable Function<Throwable, Duration> retryAfterFromFailure;
        private Duration maxRetryAfter = DEFAULT_MAX_RETRY_AFTER;
        private boolean honourRetryAfter = true;
        private @Nullable Consumer<RetryAttempt> onRetry;
        private @Nullable Consumer<RetryAttempt> onSuccess;
        private @Nullable Consumer<RetryAttempt> onFailure;
        private @Nullable RetryBudgetConfig budget;
        private @Nullable Duration maxDuration;
        private OnExhausted onExhausted = OnExhausted.WRAP;

        private Builder() {}

        private Builder(RetryConfig config) {
            maxAttempts = config.maxAttempts;
            backoff = config.backoff;
            baseDelay = config.baseDelay;
            multiplier = config.multiplier;
            maxDelay = config.maxDelay;
            jitter = config.jitter;
            retryOn(config.retryOn);
            retryIf = config.retryIf;
            abortOn.addAll(config.abortOn);
            retryOnResult = config.retryOnResult;
            retryAfterFromResult = config.retryAfterFromResult;
            retryAfterFromFailure = config.retryAfterFromFailure;
            maxRetryAfter = config.maxRetryAfter;
            maxDuration = config.maxDuration;
            onExhausted = config.onExhausted;
            honourRetryAfter = config.honourRetryAfter;
            onRetry = config.onRetry;
            onSuccess = config.onSuccess;
            onFailure = config.onFailure;
            budget = config.budget;
        }

        /** Attempts in all, the first one included; {@code >= 1}. */
        public Builder maxAttempts(int maxAttempts) {
            this.maxAttempts = maxAttempts;
            return this;
        }

        public Builder backoff(Backoff backoff) {
            this.backoff = required(backoff, "backoff");
            return this;
        }

        /** The first delay; not negative. */
        public Builder baseDelay(Duration baseDelay) {
            this.baseDelay = required(baseDelay, "baseDelay");
            return this;
        }

        /** The exponential backoff's growth factor; {@code >= 1} for exponential backoff. */
        public Builder multiplier(double multiplier) {
            this.multiplier = multiplier;
            return this;
        }

        /** The cap of every delay; {@code >= baseDelay}. */
        public Builder maxDelay(Duration maxDelay) {
            this.maxDelay = required(maxDelay, "maxDelay");
            return this;
        }

        public Builder jitter(Jitter jitter) {
            this.jitter = required(jitter, "jitter");
            return this;
        }

        /** Replaces the retried failure types (default {@link Exception}); none means only results are retried. */
        @SafeVarargs
        @SuppressWarnings("varargs")
        public final Builder retryOn(Class<? extends Throwable>... types) {
            return retryOn(Arrays.asList(required(types, "retryOn")));
        }

        /** Replaces the retried failure types. */
        public Builder retryOn(Collection<? extends Class<? extends Throwable>> types) {
            RetryRules.replaceTypes(retryOn, types, "retryOn");
            return this;
        }

        /** An extra condition on a failure that matched {@code retryOn}; {@code null} removes it. */
        public Builder retryIf(@Nullable Predicate<Throwable> predicate) {
            this.retryIf = predicate;
            return this;
        }

        /** Replaces the failure types that are never retried. */
        @SafeVarargs
        @SuppressWarnings("varargs")
        public final Builder abortOn(Class<? extends Throwable>... types) {
            return abortOn(Arrays.asList(required(types, "abortOn")));
        }

        /** Replaces the failure types that are never retried. */
        public Builder abortOn(Collection<? extends Class<? extends Throwable>> types) {
            RetryRules.replaceTypes(abortOn, types, "abortOn");
            return this;
        }

        /**
         * Retries a returned value the predicate accepts, e.g. {@code r -> ((Response) r).status() == 503}. When the
         * last attempt still returns such a value, that value is returned. {@code null} removes it.
         */
        public Builder retryOnResult(@Nullable Predicate<Object> predicate) {
            this.retryOnResult = predicate;
            return this;
        }

        /** Reads a Retry-After hint from a retried result; {@code null} answers mean "no hint". */
        public Builder retryAfterFromResult(@Nullable Function<Object, Duration> extractor) {
            this.retryAfterFromResult = extractor;
            return this;
        }

        /** Reads a Retry-After hint from a retried failure; {@code null} answers mean "no hint". */
        public Builder retryAfterFromFailure(@Nullable Function<Throwable, Duration> extractor) {
            this.retryAfterFromFailure = extractor;
            return this;
        }

        /** Whether Retry-After hints replace the computed delay (default {@code true}; {@code false} ignores all). */
        public Builder honourRetryAfter(boolean honourRetryAfter) {
            this.honourRetryAfter = honourRetryAfter;
            return this;
        }

        /** The cap of a Retry-After hint; not negative. Default {@link RetryConfig#DEFAULT_MAX_RETRY_AFTER}. */
        public Builder maxRetryAfter(Duration maxRetryAfter) {
            this.maxRetryAfter = required(maxRetryAfter, "maxRetryAfter");
            return this;
        }

        /** What the call throws when the attempts run out: the wrapper (default) or the last failure. */
        public Builder onExhausted(OnExhausted onExhausted) {
            this.onExhausted = required(onExhausted, "onExhausted");
            return this;
        }

        public Builder onRetry(@Nullable Consumer<RetryAttempt> callback) {
            this.onRetry = callback;
            return this;
        }

        public Builder onSuccess(@Nullable Consumer<RetryAttempt> callback) {
            this.onSuccess = callback;
            return this;
        }

        public Builder onFailure(@Nullable Consumer<RetryAttempt> callback) {
            this.onFailure = callback;
            return this;
        }

        /** The time the whole call may take (see {@link RetryConfig#maxDuration()}); {@code null} for none. */
        public Builder maxDuration(@Nullable Duration maxDuration) {
            this.maxDuration = maxDuration;
            return this;
        }

        /** Throttles retries with a budget; {@code null} (the default) means no budget. */
        public Builder budget(@Nullable RetryBudgetConfig budget) {
            this.budget = budget;
            return this;
        }

        /** @throws IllegalArgumentException naming the field and the value when one is out of range */
        public RetryConfig build() {
            return new RetryConfig(this);
        }
    }
}
