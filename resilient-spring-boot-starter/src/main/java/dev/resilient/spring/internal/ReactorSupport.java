package dev.resilient.spring.internal;

import dev.resilient.spring.http.HttpRetryScope;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Everything that touches Reactor types, kept in one class that is loaded only when Reactor is on
 * the class path.
 */
final class ReactorSupport {

    private ReactorSupport() {}

    static ReturnKind kindOf(Class<?> type) {
        if (Mono.class.isAssignableFrom(type)) {
            return ReturnKind.MONO;
        }
        if (Flux.class.isAssignableFrom(type)) {
            return ReturnKind.FLUX;
        }
        return null;
    }

    /**
     * A {@code Mono} that runs {@code run} per subscription; cancelling the subscription cancels
     * the pipeline's future (and with it a waiting retry or the running attempt).
     */
    static Mono<Object> mono(Supplier<CompletableFuture<Object>> run) {
        return Mono.defer(() -> Mono.fromFuture(run.get()));
    }

    /** A {@code Flux} that runs {@code run} (whose value is a list of elements) per subscription. */
    @SuppressWarnings("unchecked")
    static Flux<Object> flux(Supplier<CompletableFuture<Object>> run) {
        return Flux.defer(() -> Mono.fromFuture(run.get()).flatMapIterable(list -> (List<Object>) list));
    }

    /**
     * Subscribes to one attempt's publisher: a {@code Mono}'s value (null when empty), or a
     * {@code Flux}'s elements collected in a list. Other values are returned as they are.
     */
    static CompletionStage<Object> toStage(Object value, boolean collect) {
        return toStage(value, collect, false);
    }

    /**
     * As {@link #toStage(Object, boolean)}; with {@code outerRetries} the subscription's context
     * carries {@link HttpRetryScope#CONTEXT_KEY}, so a {@code WebClient} filter does not retry too.
     */
    @SuppressWarnings("unchecked")
    static CompletionStage<Object> toStage(Object value, boolean collect, boolean outerRetries) {
        if (outerRetries && value instanceof Publisher<?> publisher) {
            value = value instanceof Mono<?> m
                    ? m.contextWrite(context -> context.put(HttpRetryScope.CONTEXT_KEY, Boolean.TRUE))
                    : Flux.from((Publisher<Object>) publisher)
                            .contextWrite(context -> context.put(HttpRetryScope.CONTEXT_KEY, Boolean.TRUE));
        }
        if (value instanceof Mono<?> mono) {
            return collect
                    ? mono.map(v -> (Object) List.of(v)).toFuture()
                    : (CompletableFuture<Object>) mono.toFuture();
        }
        if (value instanceof Publisher<?> publisher) {
            Flux<Object> flux = Flux.from((Publisher<Object>) publisher);
            return collect
                    ? flux.collectList().map(l -> (Object) l).toFuture()
                    : flux.next().toFuture();
        }
        if (value instanceof CompletionStage<?> stage) {
            return (CompletionStage<Object>) stage;
        }
        return CompletableFuture.completedFuture(value);
    }
}
