package dev.resilient.cache;

import dev.resilient.CallNotPermittedException;
import java.time.Duration;

/**
 * A call skipped because its key failed recently: the cause is the remembered failure, shared by
 * every call skipped for that key. A fallback handles it like any rejection.
 *
 * <p>The message names the instance, the remembered failure's class and how long it is still
 * remembered; it carries neither the key (built from the call's arguments) nor the failure's own
 * message, either of which may hold personal data or credentials, since a message often travels
 * further than the logs (into an error response, say). Both stay available: {@link #key()} and
 * {@link #getCause()}.
 */
public class FailureCachedException extends CallNotPermittedException {

    private static final long serialVersionUID = 1L;

    private final String key;
    private final Duration remaining;

    public FailureCachedException(String instance, String key, Duration remaining, Throwable cause) {
        super(
                instance,
                "'" + instance + "' skipped the call: the same key failed recently with "
                        + (cause != null ? cause.getClass().getName() : "a failure") + "; remembered for another "
                        + remaining.toMillis() + " ms",
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
