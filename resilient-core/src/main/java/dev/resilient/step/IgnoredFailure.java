package dev.resilient.step;

/**
 * Carries a failure that matched {@code ignoreWhen} through the pipeline's steps so none of them
 * counts, retries or handles it; the pipeline unwraps it and rethrows the original. No stack trace.
 */
public final class IgnoredFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public IgnoredFailure(Throwable original) {
        super(original.toString(), original, false, false);
    }
}
