package dev.resilient.spring.http;

import dev.resilient.pipeline.ResiliencePipeline;
import dev.resilient.step.Exceptions;
import java.io.IOException;
import java.io.InterruptedIOException;
import org.springframework.http.HttpRequest;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;

/**
 * Runs each request of a {@code RestClient} or {@code RestTemplate} through a
 * {@link ResiliencePipeline}: every attempt passes the pipeline's circuit breaker, rate limiter,
 * bulkhead and timeout, and the retry repeats the exchange.
 *
 * <ul>
 * <li>A response whose status the {@link HttpFailurePolicy} counts as a failure (by default 500,
 * 502, 503, 504, 429) is read into memory (up to {@link HttpFailurePolicy#maxBufferedBody()}
 * bytes), its connection is closed, and it is thrown inside the pipeline as an
 * {@link HttpStatusException} carrying the server's {@code Retry-After}.</li>
 * <li>An {@link IOException} of the exchange is a failure too.</li>
 * <li>When the call finally fails because of a failure status (directly, as the last failure of an
 * exhausted retry, or when a retry budget is spent), the <b>last response is returned</b>, so the
 * client's own status handling applies: {@code RestClient} throws
 * {@code HttpServerErrorException} / {@code HttpClientErrorException} or runs its
 * {@code onStatus} handlers.</li>
 * <li>Other failures propagate as exceptions: an {@link IOException} as is (the client wraps it in
 * {@code ResourceAccessException}), rejections ({@code CircuitBreakerOpenException},
 * {@code RateLimitedException}, ...) and {@code RetryExhaustedException} of I/O failures as the
 * runtime exceptions they are; an interrupted wait as {@link InterruptedIOException}.</li>
 * </ul>
 *
 * <p>The pipeline's call arguments are the request method and the {@linkplain
 * HttpStatusException#safeUri(java.net.URI) safe URI}, so a failure cache keys on them and logs
 * show no query string. Thread-safe.
 */
public final class ResilientClientHttpRequestInterceptor extends HttpResilienceSupport
        implements ClientHttpRequestInterceptor {

    /** An interceptor applying {@code pipeline} with the default {@link HttpFailurePolicy}. */
    public ResilientClientHttpRequestInterceptor(ResiliencePipeline pipeline) {
        this(pipeline, HttpFailurePolicy.ofDefaults());
    }

    /** An interceptor applying {@code pipeline}, counting the statuses of {@code policy} as failures. */
    public ResilientClientHttpRequestInterceptor(ResiliencePipeline pipeline, HttpFailurePolicy policy) {
        super(pipeline, policy);
    }

    @Override
    public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution execution)
            throws IOException {
        Object[] args = {request.getMethod().name(), HttpStatusException.safeUri(request.getURI())};
        Object result;
        try {
            result = pipeline().execute(() -> attempt(request, body, execution), args);
        } catch (Exception failure) {
            HttpStatusException status = HttpStatusException.of(failure);
            if (status != null && status.response() instanceof ClientHttpResponse last) {
                return last;
            }
            throw rethrow(failure);
        }
        if (result instanceof ClientHttpResponse response) {
            return response;
        }
        throw new IllegalStateException("Pipeline '" + pipeline().name() + "' returned "
                + (result == null ? "null" : result.getClass().getName())
                + " instead of a ClientHttpResponse; a fallback of an HTTP client must return the response type");
    }

    private ClientHttpResponse attempt(HttpRequest request, byte[] body, ClientHttpRequestExecution execution)
            throws IOException {
        ClientHttpResponse response = execution.execute(request, body);
        BufferedClientHttpResponse buffered;
        try {
            int status = response.getStatusCode().value();
            if (!policy().isFailure(status)) {
                return response;
            }
            buffered = BufferedClientHttpResponse.read(response, policy().maxBufferedBody());
        } catch (IOException | RuntimeException | Error e) {
            response.close();
            throw e;
        }
        response.close();
        throw new HttpStatusException(
                buffered.getStatusCode().value(),
                request.getMethod().name(),
                request.getURI(),
                retryAfter(buffered.getHeaders()),
                buffered);
    }

    private static RuntimeException rethrow(Exception failure) throws IOException {
        if (failure instanceof IOException io) {
            throw io;
        }
        if (failure instanceof InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            InterruptedIOException io = new InterruptedIOException("Interrupted while waiting to retry");
            io.initCause(interrupted);
            throw io;
        }
        throw Exceptions.sneakyThrow(failure);
    }
}
