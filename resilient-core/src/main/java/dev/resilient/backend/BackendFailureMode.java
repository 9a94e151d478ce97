package dev.resilient.backend;

/**
 * What a step backed by shared state (e.g. Redis) does while that backend fails or answers too
 * slowly.
 */
public enum BackendFailureMode {
    /** Fail open: the call proceeds as if the backend had said yes. */
    ALLOW,
    /** Fail closed: the call is refused with a {@link BackendUnavailableException}. */
    DENY,
    /** Fall back to this instance's in-memory state, with the configured limits per instance. */
    LOCAL
}
