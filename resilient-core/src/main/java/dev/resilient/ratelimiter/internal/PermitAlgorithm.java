package dev.resilient.ratelimiter.internal;

/**
 * The counting part of a rate limiter. Times are nanoseconds since the limiter was created (never
 * negative). {@code from} is the earliest time a permit may be used: {@code now}, or later while a
 * server's Retry-After blocks the limiter. Implementations are thread-safe.
 */
public interface PermitAlgorithm {

    /** Returned by {@link #reserve} when the wait would exceed the allowed maximum. */
    long REJECTED = -1L;

    /**
     * Reserves {@code permits} (1 to limit) if they can be used within {@code maxWaitNanos} of
     * {@code now}, and returns the nanoseconds until they may be used (0: at once); otherwise
     * reserves nothing and returns {@link #REJECTED}.
     */
    long reserve(int permits, long now, long from, long maxWaitNanos);

    /** Permits that could be taken at {@code now} without waiting. */
    int available(long now, long from);

    /** Nanoseconds from {@code now} until one permit could be taken, 0 if one is free. */
    long nanosUntilPermit(long now, long from);
}
