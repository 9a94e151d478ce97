package dev.resilient;

/**
 * Implemented by a failure that knows whether the call it ended may safely be repeated, such as the
 * failure of an HTTP {@code POST} that the server may already have processed. When
 * {@link #safeToRetry()} is {@code false} no retry step retries it, whatever its retry-on types and
 * predicates say; every other step (circuit breaker, fallback, logging, metrics) treats it as the
 * failure it is.
 */
public interface RetrySafety {

    /** Whether repeating the call that failed with this failure is safe. */
    boolean safeToRetry();
}
