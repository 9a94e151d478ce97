package dev.resilient.spring.http;

import dev.resilient.RetryAfterAware;
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
 * <p>The HTTP client integrations keep the (buffered) response with the exception; when the
 * pipeline finally fails because of a status, the caller receives that last response instead of
 * this exception.
 */
public class HttpStatusException extends RuntimeException implements RetryAfterAware {

    private static final long serialVersionUID = 1L;

    private final int statusCode;
    private final String method;
    private final String uri;
    private final Duration retryAfter;
    private final transient Object response;

    /**
     * @param statusCode the response's status code
     * @param method the request method, e.g. {@code GET}
     * @param uri the request URI; only scheme, host, port and path are kept
     * @param retryAfter the server's Retry-After hint, or {@code null}
     */
    public HttpStatusException(int statusCode, String method, URI uri, Duration retryAfter) {
        this(statusCode, method, uri, retryAfter, null);
    }

    HttpStatusException(int statusCode, String method, URI uri, Duration retryAfter, Object response) {
        this(statusCode, method, safeUri(uri), retryAfter, response);
    }

    private HttpStatusException(int statusCode, String method, String uri, Duration retryAfter, Object response) {
        super("HTTP " + statusCode + " from " + method + " " + uri, null, false, false);
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
