package dev.resilient.spring.properties;

/** What a start-up check does when it finds a problem. */
public enum ValidationMode {
    /** Fail the start-up with a message naming the problem. */
    FAIL,
    /** Log a warning naming the problem and start. */
    WARN
}
