package dev.resilient.cache;

import dev.resilient.CallNotPermittedException;
import java.time.Duration;

/**
 * A call skipped because its key failed recently: the cause is the remembered failure, shared by
 * every call skipped for that key. A fallback handles it like any rejection.
 */
public class FailureCachedException extends CallNotPermittedException {

    private static final long serialVersionUID = 1L;

    private final String key;
    private final Duration remaining;

    public FailureCachedException(String instance, String key, Duration remaining, Throwable cause) {
        super(
                instance,
                "'" + instance + "' skipped the call for key " + key + ": it failed recently with " + cause
                        + "; remembered for another " + remaining.toMillis() + " ms",
                cause);
        this.key = key;
        this.remaining = remaining;
    }

    /** The string form of the key (shortened when long). */
    public String key() {
        return key;
    }

    /** How long the failure is still remembered. */
    public Duration remaining() {
        return remaining;
    }
}
