package dev.resilient.cache;

import org.jspecify.annotations.Nullable;

/**
 * A failure remembered by a shared {@link FailureStore}, possibly raised in another JVM: only its
 * exception type and message travel, so this stands in for it as the cause of a
 * {@link FailureCachedException}. No stack trace.
 */
public final class RemoteFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String type;

    /**
     * @param type the fully qualified class name of the original failure
     * @param message its message, or null when it had none
     */
    public RemoteFailure(String type, @Nullable String message) {
        super(type + (message == null ? "" : ": " + message), null, false, false);
        this.type = type;
    }

    /** The fully qualified class name of the original failure. */
    public String type() {
        return type;
    }
}
