package dev.resilient.spring.properties;

/**
 * Randomisation of retry delays, which keeps many clients from retrying in lock step.
 */
public enum JitterType {
    /** The computed delay as it is. */
    NONE,
    /** A random delay between 0 and the computed delay. */
    FULL,
    /** Half the computed delay plus a random part of the other half. */
    EQUAL,
    /** A random delay between the base delay and three times the previous delay, capped by max-delay. */
    DECORRELATED
}
