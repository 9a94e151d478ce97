package dev.resilient.spring.http;

import dev.resilient.pipeline.ResiliencePipeline;
import dev.resilient.step.Exceptions;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.web.reactive.function.BodyExtractors;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.ExchangeFunction;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Runs each exchange of a {@code WebClient} through a {@link ResiliencePipeline}, asynchronously:
 * no thread is ever blocked, retry waits are scheduled. Every attempt passes the pipeline's circuit
 * breaker, rate limiter, bulkhead and timeout (the timeout covers the exchange up to the response
 * headers, not the reading of the body by the caller).
 *
 * <ul>
 * <li>A response whose status the {@link HttpFailurePolicy} counts as a failure (by default 500,
 * 502, 503, 504, 429) has its body read (up to {@link HttpFailurePolicy#maxBufferedBody()} bytes;
 * the rest is released) and is turned into an {@link HttpStatusException} carrying the server's
 * {@code Retry-After}, so the connection is free before a retry.</li>
 * <li>An exchange error ({@code WebClientRequestException}) is a failure too.</li>
 * <li>A retried request sends the same body: the first attempt's body is kept while it is sent
 * (see {@code ReplayableBody}, up to {@link HttpFailurePolicy#maxBufferedBody()} bytes) and sent
 * again as is; a larger or streamed body is not retried.</li>
 * <li>Only requests that are safe to retry are retried ({@link HttpFailurePolicy#isSafeToRetry}),
 * as with the {@code RestClient} interceptor; a failure to connect at all is retried for any
 * method. Inside a {@code @Resilient} method whose pipeline retries (marked in the Reactor context),
 * no attempt is retried here.</li>
 * <li>When the call finally fails because of a failure status (directly, as the last failure of an
 * exhausted retry, or when a retry budget is spent), the <b>last response is emitted</b> (with its
 * buffered body), so {@code retrieve()} raises its usual {@code WebClientResponseException} or
 * runs the {@code onStatus} handlers.</li>
 * <li>Other failures, such as rejections ({@code CircuitBreakerOpenException},
 * {@code RateLimitedException}, ...), are emitted as errors; when retries of exchange errors ran out,
 * the last {@code WebClientRequestException} is emitted with the {@code RetryExhaustedException}
 * attached as suppressed.</li>
 * </ul>
 *
 * <p>Each subscription is one call. Every attempt's exchange is subscribed with the subscriber's
 * Reactor {@code Context}, so filters further in (tracing, security) see it. Cancelling the
 * subscription cancels the call and a pending retry wait. Thread-safe.
 */
public final class ResilientExchangeFilterFunction extends HttpResilienceSupport implements ExchangeFilterFunction {

    /** A filter applying {@code pipeline} with the default {@link HttpFailurePolicy}. */
    public ResilientExchangeFilterFunction(ResiliencePipeline pipeline) {
        this(pipeline, HttpFailurePolicy.ofDefaults());
    }

    /** A filter applying {@code pipeline}, counting the statuses of {@code policy} as failures. */
    public ResilientExchangeFilterFunction(ResiliencePipeline pipeline, HttpFailurePolicy policy) {
        super(HttpTargets.fixed(pipeline, policy));
    }

    ResilientExchangeFilterFunction(HttpTargets targets) {
        super(targets);
    }

    @Override
    public Mono<ClientResponse> filter(ClientRequest request, ExchangeFunction next) {
        return Mono.deferContextual(context -> {
            boolean outer = context.hasKey(HttpRetryScope.CONTEXT_KEY) || HttpRetryScope.outerRetries();
            HttpTargets.Target target = target(request.url());
            String method = request.method().name();
            boolean safe = safeToRetry(target.policy(), method, request.headers(), outer);
            return Mono.fromCompletionStage(() -> {
                        Object[] args = {method, HttpStatusException.safeUri(request.url())};
                        // only a request that may be retried needs its body kept for a replay
                        ReplayableBody body = safe
                                ? new ReplayableBody(request, target.policy().maxBufferedBody())
                                : null;
                        return target.pipeline()
                                .<ClientResponse>executeAsync(
                                        () -> next.exchange(body != null ? body.request() : request)
                                                .onErrorMap(
                                                        failure -> outer
                                                                || (safe
                                                                        ? !body.replayable()
                                                                        : !failedToConnect(failure)),
                                                        failure -> new UnsafeHttpRequestException(
                                                                method,
                                                                HttpStatusException.safeUri(request.url()),
                                                                failure,
                                                                notRetried(outer, safe, body)))
                                                .flatMap(response -> check(
                                                        target,
                                                        request,
                                                        response,
                                                        safe && body.replayable()
                                                                ? null
                                                                : notRetried(outer, safe, body)))
                                                .contextWrite(context)
                                                .toFuture(),
                                        args);
                    })
                    .onErrorResume(failure -> {
                        Throwable cause = Exceptions.unwrap(failure);
                        HttpStatusException status = HttpStatusException.of(cause);
                        if (status != null && status.response() instanceof ClientResponse last) {
                            return Mono.just(last);
                        }
                        return Mono.error(HttpStatusException.original(cause));
                    });
        });
    }

    /** Why a request is not repeated: outer retries, its method, or (a safe one) a body not kept whole. */
    private static NotRetriedReason notRetried(boolean outer, boolean safe, ReplayableBody body) {
        return !outer && safe && !body.replayable() ? NotRetriedReason.BODY_NOT_REPLAYABLE : NotRetriedReason.of(outer);
    }

    private static Mono<ClientResponse> check(
            HttpTargets.Target target, ClientRequest request, ClientResponse response, NotRetriedReason notRetried) {
        int status = response.statusCode().value();
        if (!target.policy().isFailure(status)) {
            return Mono.just(response);
        }
        return readBody(response, target.policy().maxBufferedBody())
                .flatMap(body -> Mono.error(new HttpStatusException(
                        status,
                        request.method().name(),
                        request.url(),
                        retryAfter(target, response.headers().asHttpHeaders()),
                        detached(response, body),
                        notRetried)));
    }

    /** Reads up to {@code max} bytes and releases the rest of the body. */
    private static Mono<byte[]> readBody(ClientResponse response, int max) {
        if (max == 0) {
            return response.releaseBody().then(Mono.just(new byte[0]));
        }
        Flux<DataBuffer> body = DataBufferUtils.takeUntilByteCount(response.body(BodyExtractors.toDataBuffers()), max);
        return DataBufferUtils.join(body)
                .map(joined -> {
                    try {
                        byte[] bytes = new byte[joined.readableByteCount()];
                        joined.read(bytes);
                        return bytes;
                    } finally {
                        DataBufferUtils.release(joined);
                    }
                })
                .defaultIfEmpty(new byte[0]);
    }

    /** A copy of {@code response} with {@code body} in memory, readable any number of times. */
    private static ClientResponse detached(ClientResponse response, byte[] body) {
        return ClientResponse.create(response.statusCode(), response.strategies())
                // addAll(HttpHeaders) exists only in Framework 7; forEach and addAll(String, List) in 6.2 too
                .headers(headers -> response.headers().asHttpHeaders().forEach(headers::addAll))
                .cookies(cookies -> cookies.addAll(response.cookies()))
                .request(response.request())
                .body(Flux.defer(() -> Flux.just(DefaultDataBufferFactory.sharedInstance.wrap(body))))
                .build();
    }
}
