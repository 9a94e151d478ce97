package dev.resilient.sample.downstream;

import dev.resilient.retry.RetryExhaustedException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Describes the failure a fallback answers for, for the JSON the service returns. */
final class Failures {

    private Failures() {}

    /** Such as {@code DownstreamUnavailableException: 503 from GET /inventory/book-42 (after 3 attempts)}. */
    static String describe(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        String suffix = "";
        if (cause instanceof RetryExhaustedException exhausted) {
            suffix = " (after " + exhausted.attempts() + " attempts)";
            if (exhausted.lastFailure() != null) {
                cause = exhausted.lastFailure();
            }
        }
        return cause.getClass().getSimpleName() + ": " + cause.getMessage() + suffix;
    }
}
