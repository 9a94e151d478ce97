package dev.resilient.spring.properties;

/**
 * What a profile's Redis-backed state does while Redis fails or does not answer within the command
 * timeout.
 */
public enum BackendFailure {
    /** Fail open: calls proceed as if Redis had allowed them. */
    ALLOW,
    /** Fail closed: calls are refused with a {@code BackendUnavailableException}. */
    DENY,
    /** Fall back to this instance's in-memory state, with the profile's limits per instance (the default). */
    LOCAL
}
