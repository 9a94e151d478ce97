package dev.resilient.spring.properties;

/**
 * Kind of sliding window a circuit breaker computes failure rates over.
 */
public enum SlidingWindowType {
    /** The last {@code sliding-window-size} calls. */
    COUNT_BASED,
    /** The calls of the last {@code sliding-window-size} seconds. */
    TIME_BASED
}
