package dev.resilient.spring.http;

import java.io.ByteArrayOutputStream;
import java.util.concurrent.atomic.AtomicInteger;
import org.reactivestreams.Publisher;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.client.reactive.ClientHttpRequest;
import org.springframework.http.client.reactive.ClientHttpRequestDecorator;
import org.springframework.web.reactive.function.BodyInserter;
import org.springframework.web.reactive.function.client.ClientRequest;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Makes a {@code WebClient} request's body replayable for retries: the first attempt's body (and the
 * headers its writer set, such as {@code Content-Type}) is kept in memory up to a limit while it is
 * sent, and a retry sends those bytes again instead of running the body inserter a second time,
 * whose publisher may not be re-subscribable. A body larger than the limit, a streamed one
 * ({@code writeAndFlushWith}, e.g. server-sent events) or one whose sending failed half-way cannot be
 * replayed: {@link #replayable()} turns false and the request is not retried. One instance per call.
 */
final class ReplayableBody {

    private static final int NOT_WRITTEN = 0;
    private static final int WRITING = 1;
    private static final int KEPT = 2;
    private static final int NOT_REPLAYABLE = 3;

    private final ClientRequest original;
    private final int limit;
    private final AtomicInteger state = new AtomicInteger(NOT_WRITTEN);
    private volatile byte[] bytes = new byte[0]; // the kept body and headers, once KEPT
    private volatile HttpHeaders headers = HttpHeaders.EMPTY;

    ReplayableBody(ClientRequest original, int limit) {
        this.original = original;
        this.limit = limit;
    }

    /** Whether a retry could send the same body: nothing was written yet, or all of it was kept. */
    boolean replayable() {
        int current = state.get();
        return current == NOT_WRITTEN || current == KEPT;
    }

    /** The request of the next attempt: the original body while none was kept, then the kept bytes. */
    ClientRequest request() {
        BodyInserter<?, ? super ClientHttpRequest> inserter = (message, context) -> {
            if (state.get() == KEPT) {
                headers.forEach((name, values) -> {
                    if (!HttpResilienceSupport.hasHeader(message.getHeaders(), name)) {
                        message.getHeaders().addAll(name, values);
                    }
                });
                byte[] body = bytes;
                return body.length == 0
                        ? message.setComplete()
                        : message.writeWith(
                                Mono.fromSupplier(() -> message.bufferFactory().wrap(body)));
            }
            if (!state.compareAndSet(NOT_WRITTEN, WRITING)) {
                state.set(NOT_REPLAYABLE);
                return original.body().insert(message, context);
            }
            return original.body().insert(new Keeping(message), context);
        };
        return ClientRequest.from(original).body(inserter).build();
    }

    /** Passes the body through, keeping a copy. */
    private final class Keeping extends ClientHttpRequestDecorator {
        private final ByteArrayOutputStream copy = new ByteArrayOutputStream();

        Keeping(ClientHttpRequest delegate) {
            super(delegate);
        }

        @Override
        public Mono<Void> writeWith(Publisher<? extends DataBuffer> body) {
            Flux<DataBuffer> kept = Flux.from(body)
                    .map(buffer -> {
                        byte[] chunk = new byte[buffer.readableByteCount()];
                        buffer.read(chunk);
                        DataBufferUtils.release(buffer);
                        if (state.get() == WRITING) {
                            if (copy.size() + chunk.length > limit) {
                                state.set(NOT_REPLAYABLE);
                                copy.reset();
                            } else {
                                copy.writeBytes(chunk);
                                if (copy.size() == getHeaders().getContentLength()) {
                                    // every byte is copied: replayable even if the exchange fails
                                    // before the body publisher's completion reaches this decorator
                                    kept();
                                }
                            }
                        }
                        return bufferFactory().wrap(chunk);
                    })
                    .doOnComplete(this::kept)
                    .doOnError(failure -> state.compareAndSet(WRITING, NOT_REPLAYABLE))
                    .doOnCancel(() -> state.compareAndSet(WRITING, NOT_REPLAYABLE));
            return super.writeWith(kept);
        }

        @Override
        public Mono<Void> writeAndFlushWith(Publisher<? extends Publisher<? extends DataBuffer>> body) {
            state.set(NOT_REPLAYABLE);
            return super.writeAndFlushWith(body);
        }

        @Override
        public Mono<Void> setComplete() {
            kept();
            return super.setComplete();
        }

        private void kept() {
            if (state.get() == WRITING) {
                bytes = copy.toByteArray();
                headers = HttpResilienceSupport.copy(getHeaders());
                state.compareAndSet(WRITING, KEPT);
            }
        }
    }
}
