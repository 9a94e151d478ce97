package dev.resilient.sample.downstream;

import dev.resilient.RetryAfterAware;
import java.time.Duration;

/**
 * A transient downstream failure: 408, 429 or a 5xx status. Carries the server's
 * {@code Retry-After} hint, which the retry waits for instead of its own backoff.
 */
public class DownstreamUnavailableException extends DownstreamException implements RetryAfterAware {

    private static final long serialVersionUID = 1L;

    private final transient Duration retryAfter;

    public DownstreamUnavailableException(String message, int status, Duration retryAfter) {
        super(message, status);
        this.retryAfter = retryAfter;
    }

    @Override
    public Duration retryAfter() {
        return retryAfter;
    }
}
