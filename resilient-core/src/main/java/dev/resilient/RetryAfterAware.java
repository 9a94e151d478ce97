package dev.resilient;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Implemented by a failure (or a result) that knows when the callee will accept another call, such
 * as an HTTP 429 or 503 with a {@code Retry-After} header. The retry step waits this long instead of
 * its computed backoff, capped by its maximum delay.
 */
public interface RetryAfterAware {

    /** The wait the callee asked for, or {@code null} when it gave none. Never negative. */
    @Nullable
    Duration retryAfter();
}
