package dev.resilient.backend;

import dev.resilient.CallNotPermittedException;

/**
 * A call refused because the shared-state backend it needs (e.g. Redis) failed or did not answer
 * within its command timeout, and the profile fails closed ({@link BackendFailureMode#DENY}).
 * Carries the backend's failure as its cause. May be retried.
 */
public class BackendUnavailableException extends CallNotPermittedException {

    private static final long serialVersionUID = 1L;

    private final String backend;

    public BackendUnavailableException(String instance, String backend, Throwable cause) {
        super(
                instance,
                "The " + backend + " backend of '" + instance + "' is unavailable and the profile fails closed"
                        + (cause == null ? "" : ": " + cause),
                cause);
        this.backend = backend;
    }

    /** Which backend failed, e.g. {@code "redis rate limiter"}. */
    public String backend() {
        return backend;
    }

    @Override
    public boolean retryable() {
        return true;
    }
}
