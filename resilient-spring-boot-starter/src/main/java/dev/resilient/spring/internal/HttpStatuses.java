package dev.resilient.spring.internal;

import dev.resilient.http.RetryAfter;
import dev.resilient.time.Clock;
import java.io.IOException;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.util.ClassUtils;
import org.springframework.web.ErrorResponse;
import org.springframework.web.client.RestClientResponseException;

/**
 * Reads HTTP status codes and {@code Retry-After} headers from Spring's HTTP types: results
 * ({@link ResponseEntity}, {@link ClientHttpResponse}) and failures
 * ({@link RestClientResponseException}, {@code WebClientResponseException}, {@link ErrorResponse}).
 * Loaded only when {@code spring-web} is on the class path.
 */
final class HttpStatuses {

    private static final boolean WEBFLUX = ClassUtils.isPresent(
            "org.springframework.web.reactive.function.client.WebClientResponseException",
            HttpStatuses.class.getClassLoader());

    private HttpStatuses() {}

    static boolean available(ClassLoader classLoader) {
        return ClassUtils.isPresent("org.springframework.http.HttpStatusCode", classLoader)
                && ClassUtils.isPresent("org.springframework.web.client.RestClientResponseException", classLoader);
    }

    /** The status of a result, or -1 when it carries none. */
    static int ofResult(@Nullable Object result) {
        try {
            if (result instanceof ResponseEntity<?> entity) {
                return entity.getStatusCode().value();
            }
            if (result instanceof ClientHttpResponse response) {
                return response.getStatusCode().value();
            }
        } catch (IOException | RuntimeException ex) {
            return -1;
        }
        return -1;
    }

    /** The status of a failure, or -1 when it carries none. */
    static int ofFailure(Throwable failure) {
        if (failure instanceof RestClientResponseException ex) {
            return ex.getStatusCode().value();
        }
        if (WEBFLUX && WebFlux.isResponseException(failure)) {
            return WebFlux.status(failure);
        }
        if (failure instanceof ErrorResponse ex) {
            return ex.getStatusCode().value();
        }
        return -1;
    }

    /** The Retry-After hint of a failure, or null. */
    static @Nullable Duration retryAfterOfFailure(Throwable failure, Clock clock, Duration max) {
        @Nullable HttpHeaders headers = null;
        if (failure instanceof RestClientResponseException ex) {
            headers = ex.getResponseHeaders();
        } else if (WEBFLUX && WebFlux.isResponseException(failure)) {
            headers = WebFlux.headers(failure);
        }
        return parse(headers, clock, max);
    }

    /** The Retry-After hint of a result, or null. */
    static @Nullable Duration retryAfterOfResult(@Nullable Object result, Clock clock, Duration max) {
        @Nullable HttpHeaders headers = null;
        if (result instanceof ResponseEntity<?> entity) {
            headers = entity.getHeaders();
        } else if (result instanceof ClientHttpResponse response) {
            headers = response.getHeaders();
        }
        return parse(headers, clock, max);
    }

    private static @Nullable Duration parse(@Nullable HttpHeaders headers, Clock clock, Duration max) {
        if (headers == null) {
            return null;
        }
        String value = headers.getFirst(HttpHeaders.RETRY_AFTER);
        return value == null ? null : RetryAfter.parse(value, clock, max).orElse(null);
    }

    /** Kept apart so that WebFlux classes are loaded only when present. */
    private static final class WebFlux {

        static boolean isResponseException(Throwable failure) {
            return failure instanceof org.springframework.web.reactive.function.client.WebClientResponseException;
        }

        static int status(Throwable failure) {
            return ((org.springframework.web.reactive.function.client.WebClientResponseException) failure)
                    .getStatusCode()
                    .value();
        }

        static HttpHeaders headers(Throwable failure) {
            return ((org.springframework.web.reactive.function.client.WebClientResponseException) failure).getHeaders();
        }
    }
}
