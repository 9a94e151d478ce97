package dev.resilient.ratelimiter;

/** How a {@link RateLimiter} counts permits over its period. */
public enum RateLimitStrategy {

    /**
     * A bucket of {@code limit} tokens refilled evenly, one token every {@code period / limit}.
     * Allows a burst of {@code limit} after a quiet spell, so up to about {@code 2 * limit - 1}
     * permits can fall into one window of length {@code period}; the long-run rate is
     * {@code limit} per {@code period}. Lock-free.
     */
    TOKEN_BUCKET,

    /**
     * An exact sliding log: never more than {@code limit} permits in any window of length
     * {@code period}. Keeps the last {@code limit} grant times (8 bytes each).
     */
    SLIDING_WINDOW,

    /**
     * {@code limit} permits per consecutive window of length {@code period}, counted from the
     * limiter's creation. Cheapest; up to {@code 2 * limit} permits can fall into one window of
     * length {@code period} that straddles a boundary.
     */
    FIXED_WINDOW
}
