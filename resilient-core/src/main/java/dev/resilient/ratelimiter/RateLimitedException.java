package dev.resilient.ratelimiter;

import dev.resilient.CallNotPermittedException;
import dev.resilient.RetryAfterAware;
import java.time.Duration;

/**
 * A call refused because its rate limiter had no permit within the allowed wait. Carries the time
 * until a permit frees as its {@link #retryAfter()}, so a retry step waits just that long. May be
 * retried.
 */
public class RateLimitedException extends CallNotPermittedException implements RetryAfterAware {

    private static final long serialVersionUID = 1L;

    private final Duration retryAfter;

    public RateLimitedException(String instance, Duration retryAfter) {
        super(
                instance,
                "Rate limit of '" + instance + "' exceeded; next permit in "
                        + (retryAfter == null ? Duration.ZERO : retryAfter).toMillis() + " ms");
        this.retryAfter = retryAfter == null || retryAfter.isNegative() ? Duration.ZERO : retryAfter;
    }

    /** The time until a permit frees, as the limiter saw it when it refused the call. */
    @Override
    public Duration retryAfter() {
        return retryAfter;
    }

    @Override
    public boolean retryable() {
        return true;
    }
}
