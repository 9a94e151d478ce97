package dev.resilient.retry;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * What a retry callback ({@code onRetry}, {@code onSuccess}, {@code onFailure}) is told about the
 * attempt that just ended.
 *
 * @param attempt the number of the attempt that ended, starting at 1
 * @param failure its failure, or {@code null} when it returned
 * @param result its result when it returned (possibly a result the retry treats as a failure)
 * @param elapsed time since the first attempt started
 * @param nextDelay the wait before the next attempt ({@code onRetry} only, otherwise {@code null})
 */
public record RetryAttempt(
        int attempt,
        @Nullable Throwable failure,
        @Nullable Object result,
        Duration elapsed,
        @Nullable Duration nextDelay) {

    /** Whether the attempt ended with a failure rather than a result. */
    public boolean failed() {
        return failure != null;
    }
}
