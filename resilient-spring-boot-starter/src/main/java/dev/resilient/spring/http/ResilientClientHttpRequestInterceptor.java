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
 * <li>Only requests that are safe to retry are retried ({@link HttpFailurePolicy#isSafeToRetry}):
 * idempotent methods, unsafe ones when opted in, or a request with an {@code Idempotency-Key}. The
 * failure of any other request is thrown as not safe to retry, so the retry gives up at once while
 * the circuit breaker still counts it. A failure to connect at all is retried for any method.</li>
 * <li>Inside a {@code @Resilient} method whose own pipeline retries, no attempt is retried here:
 * that method's retry repeats the call (one layer retries, not both).</li>
 * <li>When the call finally fails because of a failure status (directly, as the last failure of an
 * exhausted retry, or when a retry budget is spent), the <b>last response is returned</b>, so the
 * client's own status handling applies: {@code RestClient} throws
 * {@code HttpServerErrorException} / {@code HttpClientErrorException} or runs its
 * {@code onStatus} handlers.</li>
 * <li>Other failures propagate as exceptions: an {@link IOException} as is (the client wraps it in
 * {@code ResourceAccessException}), also when retries of I/O failures ran out (the last one, with the
 * {@code RetryExhaustedException} attached as suppressed); rejections
 * ({@code CircuitBreakerOpenException}, {@code RateLimitedException}, ...) as the runtime exceptions
 * they are; an interrupted wait as {@link InterruptedIOException}.</li>
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
        super(HttpTargets.fixed(pipeline, policy));
    }

    ResilientClientHttpRequestInterceptor(HttpTargets targets) {
        super(targets);
    }

    @Override
    public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution execution)
            throws IOException {
        HttpTargets.Target target = target(request.getURI());
        String method = request.getMethod().name();
        String uri = HttpStatusException.safeUri(request.getURI());
        boolean outer = HttpRetryScope.outerRetries();
        boolean safe = safeToRetry(target.policy(), method, request.getHeaders(), outer);
        Object[] args = {method, uri};
        Object result;
        try {
            result = target.pipeline().execute(() -> attempt(target, request, body, execution, safe, outer), args);
        } catch (Exception failure) {
            HttpStatusException status = HttpStatusException.of(failure);
            if (status != null && status.response() instanceof ClientHttpResponse last) {
                return last;
            }
            throw rethrow(HttpStatusException.original(failure));
        }
        if (result instanceof ClientHttpResponse response) {
            return response;
        }
        throw new IllegalStateException("Pipeline '" + target.pipeline().name() + "' returned "
                + (result == null ? "null" : result.getClass().getName())
                + " instead of a ClientHttpResponse; a fallback of an HTTP client must return the response type");
    }

    private static ClientHttpResponse attempt(
            HttpTargets.Target target,
            HttpRequest request,
            byte[] body,
            ClientHttpRequestExecution execution,
            boolean safe,
            boolean outer)
            throws IOException {
        ClientHttpResponse response;
        try {
            response = execution.execute(request, body);
        } catch (IOException e) {
            if (outer || (!safe && !failedToConnect(e))) {
                throw new UnsafeHttpRequestException(
                        request.getMethod().name(),
                        HttpStatusException.safeUri(request.getURI()),
                        e,
                        NotRetriedReason.of(outer));
            }
            throw e;
        }
        HttpFailurePolicy policy = target.policy();
        BufferedClientHttpResponse buffered;
        try {
            int status = response.getStatusCode().value();
            if (!policy.isFailure(status)) {
                return response;
            }
            buffered = BufferedClientHttpResponse.read(response, policy.maxBufferedBody());
        } catch (IOException | RuntimeException | Error e) {
            response.close();
            throw e;
        }
        response.close();
        throw new HttpStatusException(
                buffered.getStatusCode().value(),
                request.getMethod().name(),
                request.getURI(),
                retryAfter(target, buffered.getHeaders()),
                buffered,
                safe ? null : NotRetriedReason.of(outer));
    }

    private static RuntimeException rethrow(Throwable failure) throws IOException {
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
