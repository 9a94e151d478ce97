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
        // the fallback is given the method's last failure; the retry's record is attached to it
        String suffix = RetryExhaustedException.find(cause)
                .map(record -> " (after " + record.attempts() + " attempts)")
                .orElse("");
        Throwable last = RetryExhaustedException.lastFailureOf(cause);
        return last.getClass().getSimpleName() + ": " + last.getMessage() + suffix;
    }
}
