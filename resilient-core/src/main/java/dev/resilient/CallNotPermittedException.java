package dev.resilient;

/**
 * A call refused without running: an open circuit, a spent rate limit, a full bulkhead, a cached
 * failure or an error limit. Cheap to create: no stack trace is filled in, since the cause is the
 * policy, not the code path.
 */
public abstract class CallNotPermittedException extends ResilienceException {

    private static final long serialVersionUID = 1L;

    protected CallNotPermittedException(String instance, String message, Throwable cause) {
        super(instance, message, cause);
    }

    protected CallNotPermittedException(String instance, String message) {
        super(instance, message);
    }

    /**
     * Whether a retry step may retry this rejection. An open circuit is not retried (it would only
     * be rejected again); a rate limit or a full bulkhead may be, after the wait they suggest.
     */
    public boolean retryable() {
        return false;
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
