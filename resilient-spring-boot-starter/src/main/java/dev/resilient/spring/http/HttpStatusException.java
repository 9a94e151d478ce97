package dev.resilient.spring.http;

import dev.resilient.RetryAfterAware;
import dev.resilient.RetrySafety;
import dev.resilient.retry.RetryExhaustedException;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * An HTTP response whose status the {@link HttpFailurePolicy} counts as a failure, thrown inside
 * the pipeline so that retry, circuit breaker and the other steps see a failed call. It carries
 * the status code, the request method and URI, and the server's {@code Retry-After}, which the
 * retry step honours.
 *
 * <p>The URI never contains a query string, a fragment or user info, so that tokens and passwords
 * in a URL do not end up in logs. Has no stack trace: it describes a response, not a place in code.
 *
 * <p>It is {@linkplain #safeToRetry() safe to retry} unless the request was not (a {@code POST}
 * without opt-in or {@code Idempotency-Key}, see {@link HttpFailurePolicy#isSafeToRetry}): then no
 * retry repeats it, while the circuit breaker still counts it.
 *
 * <p>The HTTP client integrations keep the (buffered) response with the exception; when the
 * pipeline finally fails because of a status, the caller receives that last response instead of
 * this exception.
 */
public class HttpStatusException extends RuntimeException implements RetryAfterAware, RetrySafety {

    private static final long serialVersionUID = 1L;

    private final int statusCode;
    private final String method;
    private final String uri;
    private final Duration retryAfter;
    private final transient Object response;
    private final boolean safeToRetry;

    /**
     * @param statusCode the response's status code
     * @param method the request method, e.g. {@code GET}
     * @param uri the request URI; only scheme, host, port and path are kept
     * @param retryAfter the server's Retry-After hint, or {@code null}
     */
    public HttpStatusException(int statusCode, String method, URI uri, Duration retryAfter) {
        this(statusCode, method, safeUri(uri), retryAfter, null, null);
    }

    /** @param notRetried why the request may not be repeated, or null when it may */
    HttpStatusException(
            int statusCode, String method, URI uri, Duration retryAfter, Object response, NotRetriedReason notRetried) {
        this(statusCode, method, safeUri(uri), retryAfter, response, notRetried);
    }

    private HttpStatusException(
            int statusCode,
            String method,
            String uri,
            Duration retryAfter,
            Object response,
            NotRetriedReason notRetried) {
        super(
                "HTTP " + statusCode + " from " + method + " " + uri
                        + (notRetried == null ? "" : " (" + notRetried + ")"),
                null,
                false,
                false);
        this.safeToRetry = notRetried == null;
        this.statusCode = statusCode;
        this.method = Objects.requireNonNull(method, "method");
        this.uri = uri;
        this.retryAfter = retryAfter == null || retryAfter.isNegative() ? null : retryAfter;
        this.response = response;
    }

    /** The response's status code. */
    public int statusCode() {
        return statusCode;
    }

    /** The request method. */
    public String method() {
        return method;
    }

    /** The request URI without query string, fragment or user info. */
    public String uri() {
        return uri;
    }

    /** The wait the server asked for with {@code Retry-After}, capped; {@code null} when none. */
    @Override
    public Duration retryAfter() {
        return retryAfter;
    }

    /** Whether a retry may repeat the request; false for a request that is not idempotent. */
    @Override
    public boolean safeToRetry() {
        return safeToRetry;
    }

    /** The buffered response this failure stands for; held for the integrations only. */
    Object response() {
        return response;
    }

    /**
     * The status failure that ended a pipeline call: {@code failure} itself, or the last failure of
     * an exhausted retry; {@code null} when the call ended otherwise.
     */
    static HttpStatusException of(Throwable failure) {
        if (failure instanceof HttpStatusException status) {
            return status;
        }
        if (failure instanceof RetryExhaustedException exhausted
                && exhausted.getCause() instanceof HttpStatusException status) {
            return status;
        }
        return null;
    }

    /**
     * What an integration hands its client for a failure that is not a status: an
     * {@link UnsafeHttpRequestException}'s cause, or the last failure of an exhausted retry with the
     * {@link RetryExhaustedException} (attempt count, earlier failures) attached as suppressed, so that
     * the client wraps it as it always does ({@code ResourceAccessException},
     * {@code WebClientRequestException}); anything else as it is.
     */
    static Throwable original(Throwable failure) {
        Throwable current = failure;
        if (current instanceof RetryExhaustedException exhausted && exhausted.getCause() != null) {
            Throwable last = exhausted.getCause();
            if (last != exhausted
                    && !java.util.Arrays.asList(last.getSuppressed()).contains(exhausted)) {
                last.addSuppressed(exhausted);
            }
            current = last;
        }
        if (current instanceof UnsafeHttpRequestException unsafe && unsafe.getCause() != null) {
            current = unsafe.getCause();
        }
        return current;
    }

    /**
     * {@code uri} reduced to scheme, host, port and path: no user info, query or fragment, so
     * secrets in a URL are never logged.
     */
    public static String safeUri(URI uri) {
        if (uri == null) {
            return "";
        }
        StringBuilder text = new StringBuilder();
        if (uri.getScheme() != null) {
            text.append(uri.getScheme()).append("://");
        }
        if (uri.getHost() != null) {
            text.append(uri.getHost());
            if (uri.getPort() >= 0) {
                text.append(':').append(uri.getPort());
            }
        }
        if (uri.getRawPath() != null) {
            text.append(uri.getRawPath());
        }
        return text.toString();
    }
}
