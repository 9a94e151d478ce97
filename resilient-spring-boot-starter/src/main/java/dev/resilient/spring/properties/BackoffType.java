package dev.resilient.spring.properties;

/**
 * How the delay between retries grows.
 */
public enum BackoffType {
    /** The same delay before every retry. */
    FIXED,
    /** delay, 2 x delay, 3 x delay, ... */
    LINEAR,
    /** delay, delay x multiplier, delay x multiplier^2, ... */
    EXPONENTIAL,
    /** delay x 1, 1, 2, 3, 5, 8, ... */
    FIBONACCI
}
