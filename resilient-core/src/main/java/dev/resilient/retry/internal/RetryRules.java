package dev.resilient.retry.internal;

import dev.resilient.CallNotPermittedException;
import dev.resilient.RetryAfterAware;
import dev.resilient.RetrySafety;
import dev.resilient.internal.Durations;
import dev.resilient.retry.Backoff;
import dev.resilient.retry.RetryConfig;
import java.time.Duration;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;

/**
 * The decisions of one {@link RetryConfig} in the form the retry step asks them on every attempt:
 * whether a failure or a result is retried and how long to wait, without allocating. The rules
 * themselves are described on {@link RetryConfig}.
 */
public final class RetryRules {

    private final RetryConfig config;
    private final long baseDelayNanos;
    private final long maxDelayNanos;
    private final long maxRetryAfterNanos;
    private final Class<?>[] retryOnTypes;
    private final Class<?>[] abortOnTypes;
    private final Class<?>[] retriedRejectionTypes;
    private final Class<?>[] retriedProgrammingErrors;
    /** Per failure class, what its type alone decides (see {@link #classify}); computed once per class. */
    private final ClassValue<TypeVerdict> typeVerdicts = new ClassValue<>() {
        @Override
        protected TypeVerdict computeValue(Class<?> type) {
            return classify(type);
        }
    };

    /** @throws IllegalArgumentException naming the field and the value when one is out of range */
    public RetryRules(RetryConfig config) {
        validate(config);
        this.config = config;
        this.baseDelayNanos = Durations.toNanosSaturated(config.baseDelay());
        this.maxDelayNanos = Durations.toNanosSaturated(config.maxDelay());
        this.maxRetryAfterNanos = Durations.toNanosSaturated(config.maxRetryAfter());
        this.retryOnTypes = config.retryOn().toArray(new Class<?>[0]);
        this.abortOnTypes = config.abortOn().toArray(new Class<?>[0]);
        this.retriedRejectionTypes = config.retryOn().stream()
                .filter(CallNotPermittedException.class::isAssignableFrom)
                .toArray(Class<?>[]::new);
        this.retriedProgrammingErrors = config.retryOn().stream()
                .filter(type -> RetryConfig.PROGRAMMING_ERRORS.stream().anyMatch(error -> error.isAssignableFrom(type)))
                .toArray(Class<?>[]::new);
    }

    private static void validate(RetryConfig config) {
        int maxAttempts = config.maxAttempts();
        Duration baseDelay = config.baseDelay();
        Duration maxDelay = config.maxDelay();
        double multiplier = config.multiplier();
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be >= 1 but was " + maxAttempts);
        }
        if (baseDelay.isNegative()) {
            throw new IllegalArgumentException("baseDelay must not be negative but was " + Durations.format(baseDelay));
        }
        if (maxDelay.compareTo(baseDelay) < 0) {
            throw new IllegalArgumentException("maxDelay must be >= baseDelay (" + Durations.format(baseDelay)
                    + ") but was " + Durations.format(maxDelay));
        }
        if (Double.isNaN(multiplier) || Double.isInfinite(multiplier) || multiplier <= 0) {
            throw new IllegalArgumentException("multiplier must be a finite number > 0 but was " + multiplier);
        }
        if (config.backoff() == Backoff.exponential() && multiplier < 1) {
            throw new IllegalArgumentException("multiplier must be >= 1 for exponential backoff but was " + multiplier);
        }
        Duration maxDuration = config.maxDuration();
        if (maxDuration != null && (maxDuration.isNegative() || maxDuration.isZero())) {
            throw new IllegalArgumentException("maxDuration must be positive but was " + Durations.format(maxDuration));
        }
        if (config.maxRetryAfter().isNegative()) {
            throw new IllegalArgumentException(
                    "maxRetryAfter must not be negative but was " + Durations.format(config.maxRetryAfter()));
        }
    }

    public long baseDelayNanos() {
        return baseDelayNanos;
    }

    public long maxDelayNanos() {
        return maxDelayNanos;
    }

    public long maxRetryAfterNanos() {
        return maxRetryAfterNanos;
    }

    /** See {@link RetryConfig#isRetryable(Throwable)}. */
    public boolean isRetryable(Throwable failure) {
        if (failure == null) {
            return false;
        }
        TypeVerdict verdict = typeVerdicts.get(failure.getClass());
        if (verdict == TypeVerdict.NEVER) {
            return false;
        }
        if (verdict == TypeVerdict.IF_SAFE && !((RetrySafety) failure).safeToRetry()) {
            return false;
        }
        Predicate<Throwable> retryIf = config.retryIf();
        if (retryIf == null) {
            return true;
        }
        try {
            return retryIf.test(failure);
        } catch (RuntimeException e) {
            RetryLog.predicateFailed("retryIf", failure, e);
            return false;
        }
    }

    /**
     * What a failure's class alone decides, the same for every failure of that class: an error, an
     * {@code abortOn} type, a rejection or programming error that {@code retryOn} does not name, or a
     * type outside {@code retryOn} is never retried; a {@link RetrySafety} is retried if it says so.
     */
    private TypeVerdict classify(Class<?> type) {
        if (Error.class.isAssignableFrom(type)
                || isAssignable(abortOnTypes, type)
                || (CallNotPermittedException.class.isAssignableFrom(type)
                        && !isAssignable(retriedRejectionTypes, type))
                || (isProgrammingError(type) && !isAssignable(retriedProgrammingErrors, type))
                || !isAssignable(retryOnTypes, type)) {
            return TypeVerdict.NEVER;
        }
        return RetrySafety.class.isAssignableFrom(type) ? TypeVerdict.IF_SAFE : TypeVerdict.RETRY;
    }

    /** The part of {@link #isRetryable} a failure's class decides, worked out once per class. */
    private enum TypeVerdict {
        NEVER,
        RETRY,
        IF_SAFE
    }

    /** See {@link RetryConfig#isRetryableResult(Object)}. */
    public boolean isRetryableResult(Object result) {
        Predicate<Object> retryOnResult = config.retryOnResult();
        if (retryOnResult == null) {
            return false;
        }
        try {
            return retryOnResult.test(result);
        } catch (RuntimeException e) {
            RetryLog.predicateFailed("retryOnResult", result, e);
            return false;
        }
    }

    /** See {@link RetryConfig#computedDelayNanos(int, long, RandomGenerator)}. */
    public long computedDelayNanos(int n, long previousNanos, RandomGenerator random) {
        long delay = config.backoff().delayNanos(n, baseDelayNanos, config.multiplier(), maxDelayNanos);
        delay = config.jitter()
                .apply(
                        Math.max(0, Math.min(delay, maxDelayNanos)),
                        previousNanos,
                        baseDelayNanos,
                        maxDelayNanos,
                        random);
        return Math.max(0, Math.min(delay, maxDelayNanos));
    }

    /** See {@link RetryConfig#retryAfterNanos(Throwable, Object)}. */
    public long retryAfterNanos(Throwable failure, Object result) {
        if (!config.honourRetryAfter()) {
            return -1;
        }
        Duration hint = failure != null
                ? hint(config.retryAfterFromFailure(), "retryAfterFromFailure", failure)
                : hint(config.retryAfterFromResult(), "retryAfterFromResult", result);
        if (hint == null) {
            return -1;
        }
        long clamped = Durations.clampNanos(hint, maxRetryAfterNanos);
        if (!hint.isNegative() && clamped < Durations.toNanosSaturated(hint)) {
            RetryLog.retryAfterClamped(hint, config.maxRetryAfter());
        }
        return clamped;
    }

    /** The extractor's hint for {@code subject}, else the {@link RetryAfterAware} one; {@code null} when none. */
    private static <S> Duration hint(Function<S, Duration> extractor, String extractorName, S subject) {
        Duration hint = null;
        if (extractor != null) {
            try {
                hint = extractor.apply(subject);
            } catch (RuntimeException e) {
                RetryLog.extractorFailed(extractorName, subject, e);
            }
        }
        if (hint == null && subject instanceof RetryAfterAware aware) {
            try {
                hint = aware.retryAfter();
            } catch (RuntimeException e) {
                RetryLog.extractorFailed("RetryAfterAware.retryAfter", subject, e);
            }
        }
        return hint;
    }

    /** See {@link RetryConfig#delayNanos(int, long, Throwable, Object, RandomGenerator)}. */
    public long delayNanos(int n, long previousNanos, Throwable failure, Object result, RandomGenerator random) {
        long hint = retryAfterNanos(failure, result);
        return hint >= 0 ? hint : computedDelayNanos(n, previousNanos, random);
    }

    /** See {@link RetryConfig#maxTotalDelay()}. */
    public Duration maxTotalDelay() {
        long total = 0;
        for (int n = 1; n < config.maxAttempts(); n++) {
            long delay = config.backoff().delayNanos(n, baseDelayNanos, config.multiplier(), maxDelayNanos);
            delay = Math.min(
                    maxDelayNanos, config.jitter().upperBoundNanos(Math.min(delay, maxDelayNanos), maxDelayNanos));
            total = total > Long.MAX_VALUE - delay ? Long.MAX_VALUE : total + delay;
            if (total == Long.MAX_VALUE) {
                break;
            }
        }
        return Duration.ofNanos(total);
    }

    private static boolean isProgrammingError(Class<?> type) {
        for (Class<? extends RuntimeException> error : RetryConfig.PROGRAMMING_ERRORS) {
            if (error.isAssignableFrom(type)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isAssignable(Class<?>[] types, Class<?> type) {
        for (Class<?> candidate : types) {
            if (candidate.isAssignableFrom(type)) {
                return true;
            }
        }
        return false;
    }
}
