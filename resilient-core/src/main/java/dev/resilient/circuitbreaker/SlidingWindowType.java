package dev.resilient.circuitbreaker;

/** How a {@link CircuitBreaker} aggregates recent outcomes for its rate thresholds. */
public enum SlidingWindowType {
    /** The last {@code slidingWindowSize} calls. */
    COUNT_BASED,
    /** The calls of the last {@code slidingWindowSize} seconds, in one-second buckets. */
    TIME_BASED
}
