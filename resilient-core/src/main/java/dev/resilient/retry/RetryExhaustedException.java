package dev.resilient.retry;

import dev.resilient.ResilienceException;
import java.util.List;

/**
 * Every attempt of a call failed with a retryable failure. The cause is the last attempt's failure;
 * the earlier attempts' failures are attached as suppressed exceptions, oldest first (each distinct
 * failure once, at most {@link #MAX_SUPPRESSED}).
 *
 * <p>Not thrown when the retry stopped early because the failure is not retryable (that failure is
 * thrown as is), because the retry budget is spent (the last failure is thrown as is), or when the
 * last attempt returned a result that {@code retryOnResult} matches (that result is returned).
 */
public class RetryExhaustedException extends ResilienceException {

    private static final long serialVersionUID = 1L;

    /** The most earlier failures attached as suppressed. */
    public static final int MAX_SUPPRESSED = 32;

    private final int attempts;

    /**
     * @param instance the retry instance's name
     * @param attempts the number of attempts made
     * @param lastFailure the last attempt's failure (the cause)
     * @param earlierFailures the earlier attempts' failures, oldest first
     */
    public RetryExhaustedException(
            String instance, int attempts, Throwable lastFailure, List<? extends Throwable> earlierFailures) {
        super(instance, message(instance, attempts, lastFailure), lastFailure);
        this.attempts = attempts;
        if (earlierFailures != null) {
            int added = 0;
            for (Throwable earlier : earlierFailures) {
                if (added == MAX_SUPPRESSED) {
                    break;
                }
                if (earlier != null && earlier != lastFailure && earlier != this && !alreadySuppressed(earlier)) {
                    addSuppressed(earlier);
                    added++;
                }
            }
        }
    }

    /** The number of attempts made, the first one included. */
    public int attempts() {
        return attempts;
    }

    /** The last attempt's failure (same as {@link #getCause()}). */
    public Throwable lastFailure() {
        return getCause();
    }

    private boolean alreadySuppressed(Throwable candidate) {
        for (Throwable suppressed : getSuppressed()) {
            if (suppressed == candidate) {
                return true;
            }
        }
        return false;
    }

    private static String message(String instance, int attempts, Throwable lastFailure) {
        return "Retry '" + instance + "' exhausted after " + attempts + (attempts == 1 ? " attempt" : " attempts")
                + (lastFailure == null ? "" : "; last failure: " + lastFailure);
    }
}
