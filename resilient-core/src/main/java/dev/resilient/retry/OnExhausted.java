package dev.resilient.retry;

/**
 * What a call throws when its retryable attempts run out.
 *
 * <p>Either way the attempts and the earlier failures stay reachable through
 * {@link RetryExhaustedException#find(Throwable)}, and fallbacks, error mappers, meters and logs
 * classify the call by its last failure ({@link RetryExhaustedException#lastFailureOf(Throwable)}).
 */
public enum OnExhausted {

    /**
     * A {@link RetryExhaustedException} whose cause is the last failure and whose suppressed
     * exceptions are the earlier ones. Core's default.
     */
    WRAP,

    /**
     * The last failure itself, unchanged in type, with a {@link RetryExhaustedException} (attempt count,
     * earlier failures, no cause) attached as suppressed where the exception allows suppression. The
     * Spring Boot starter's default ({@code retry.on-exhausted: last-failure}), as Spring's
     * {@code @Retryable} and resilience4j do.
     */
    LAST_FAILURE
}
