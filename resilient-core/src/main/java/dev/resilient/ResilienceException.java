package dev.resilient;

import org.jspecify.annotations.Nullable;

/** The base of every exception this library throws about a call; names the pipeline instance. */
public class ResilienceException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String instance;

    public ResilienceException(String instance, String message, @Nullable Throwable cause) {
        super(message, cause);
        this.instance = instance;
    }

    public ResilienceException(String instance, String message) {
        this(instance, message, null);
    }

    /** The name of the pipeline instance that threw it. */
    public String instance() {
        return instance;
    }
}
