package dev.resilient.spring.http;

import dev.resilient.RetrySafety;
import java.util.Objects;

/**
 * Carries an I/O failure of a request that is not safe to retry (see
 * {@link HttpFailurePolicy#isSafeToRetry}; also a {@code WebClient} body that cannot be replayed, or
 * a request an outer retrying {@code @Resilient} method repeats itself) through the pipeline: the server may already have
 * processed the request, so no retry repeats it, while the circuit breaker, logs and metrics count
 * it as a failure. The HTTP client integrations unwrap it: the caller gets the original failure
 * (inside the client's usual {@code ResourceAccessException} or {@code WebClientRequestException}).
 * A failure to connect at all is never wrapped: it is retried for any method. No stack trace.
 */
public final class UnsafeHttpRequestException extends RuntimeException implements RetrySafety {

    private static final long serialVersionUID = 1L;

    private final String method;

    UnsafeHttpRequestException(String method, String uri, Throwable failure, NotRetriedReason reason) {
        super(
                method + " " + uri + " failed (" + reason + "): " + failure,
                Objects.requireNonNull(failure, "failure"),
                false,
                false);
        this.method = method;
    }

    /** The request method. */
    public String method() {
        return method;
    }

    /** Always false: the request may have been processed. */
    @Override
    public boolean safeToRetry() {
        return false;
    }
}
