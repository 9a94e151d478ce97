package dev.resilient.spring.properties;

/**
 * Algorithm of a rate limiter.
 */
public enum RateLimitStrategy {
    /** A bucket of {@code limit} permits refilled steadily over the period; allows short bursts. */
    TOKEN_BUCKET,
    /** At most {@code limit} calls in any window of one period. */
    SLIDING_WINDOW,
    /** At most {@code limit} calls per fixed period; the cheapest, but allows bursts at the edges. */
    FIXED_WINDOW
}
