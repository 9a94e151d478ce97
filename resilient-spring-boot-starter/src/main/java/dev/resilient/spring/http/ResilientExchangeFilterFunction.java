package dev.resilient.spring.http;

import dev.resilient.internal.Exceptions;
import dev.resilient.pipeline.ResiliencePipeline;
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
 * <li>When the call finally fails because of a failure status (directly, as the last failure of an
 * exhausted retry, or when a retry budget is spent), the <b>last response is emitted</b> (with its
 * buffered body), so {@code retrieve()} raises its usual {@code WebClientResponseException} or
 * runs the {@code onStatus} handlers.</li>
 * <li>Other failures, such as rejections ({@code CircuitBreakerOpenException},
 * {@code RateLimitedException}, ...) or a {@code RetryExhaustedException} of I/O failures, are
 * emitted as errors.</li>
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
        super(pipeline, policy);
    }

    @Override
    public Mono<ClientResponse> filter(ClientRequest request, ExchangeFunction next) {
        return Mono.deferContextual(context -> Mono.fromCompletionStage(() -> {
                    Object[] args = {request.method().name(), HttpStatusException.safeUri(request.url())};
                    return pipeline()
                            .<ClientResponse>executeAsync(
                                    () -> next.exchange(request)
                                            .flatMap(response -> check(request, response))
                                            .contextWrite(context)
                                            .toFuture(),
                                    args);
                }))
                .onErrorResume(failure -> {
                    HttpStatusException status = HttpStatusException.of(Exceptions.unwrap(failure));
                    if (status != null && status.response() instanceof ClientResponse last) {
                        return Mono.just(last);
                    }
                    return Mono.error(Exceptions.unwrap(failure));
                });
    }

    private Mono<ClientResponse> check(ClientRequest request, ClientResponse response) {
        int status = response.statusCode().value();
        if (!policy().isFailure(status)) {
            return Mono.just(response);
        }
        return readBody(response)
                .flatMap(body -> Mono.error(new HttpStatusException(
                        status,
                        request.method().name(),
                        request.url(),
                        retryAfter(response.headers().asHttpHeaders()),
                        detached(response, body))));
    }

    /** Reads up to {@code maxBufferedBody} bytes and releases the rest of the body. */
    private Mono<byte[]> readBody(ClientResponse response) {
        int max = policy().maxBufferedBody();
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
                .headers(headers -> headers.addAll(response.headers().asHttpHeaders()))
                .cookies(cookies -> cookies.addAll(response.cookies()))
                .request(response.request())
                .body(Flux.defer(() -> Flux.just(DefaultDataBufferFactory.sharedInstance.wrap(body))))
                .build();
    }
}
