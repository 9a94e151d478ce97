package dev.resilient.step;

/**
 * Carries a failure that matched {@code ignoreWhen} through the pipeline's steps so none of them
 * counts, retries or handles it; the pipeline unwraps it and rethrows the original. No stack trace.
 */
public final class IgnoredFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Not serialized with the exception: an ignored failure never leaves the process wrapped. */
    private final transient Throwable original;

    public IgnoredFailure(Throwable original) {
        super(original.toString(), original, false, false);
        this.original = original;
    }

    /** The failure that matched {@code ignoreWhen}, which the caller gets back unchanged. */
    public Throwable original() {
        return original;
    }
}
