package dev.resilient.spring.internal;

import dev.resilient.spring.http.HttpRetryScope;
import io.micrometer.context.ContextSnapshot;
import io.micrometer.context.ContextSnapshotFactory;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.reactivestreams.Publisher;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.util.context.ContextView;

/**
 * Everything that touches Reactor types, kept in one class that is loaded only when Reactor is on
 * the class path.
 *
 * <p>A decorated {@code Mono} / {@code Flux} starts the pipeline inside {@code deferContextual}, per
 * subscription: the subscriber's {@link ContextView} is handed to every attempt, whose publisher
 * (and a fallback method's) is subscribed with {@code contextWrite} of that view, so
 * {@code Mono.deferContextual} inside the method sees the subscriber's Context. The thread-local
 * values that Micrometer's context-propagation registers for keys of the Context (what
 * {@code Hooks.enableAutomaticContextPropagation()} relies on) are set while the pipeline starts, so
 * attempts on other threads get them too.
 */
final class ReactorSupport {

    /** Sets thread-locals from a Reactor Context, leaving the others as they are. */
    private static final ContextSnapshotFactory FROM_CONTEXT =
            ContextSnapshotFactory.builder().clearMissing(false).build();

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
     * A {@code Mono} that runs {@code run} per subscription with the subscriber's Context; cancelling
     * the subscription cancels the pipeline's future (and with it a waiting retry or the running
     * attempt).
     */
    static Mono<Object> mono(Function<Object, CompletableFuture<Object>> run) {
        return Mono.deferContextual(context -> Mono.fromFuture(start(run, context)));
    }

    /** A {@code Flux} that runs {@code run} (whose value is a list of elements) per subscription. */
    @SuppressWarnings("unchecked")
    static Flux<Object> flux(Function<Object, CompletableFuture<Object>> run) {
        return Flux.deferContextual(
                context -> Mono.fromFuture(start(run, context)).flatMapIterable(list -> (List<Object>) list));
    }

    /**
     * A {@code Flux} that runs {@code run} per subscription, whose value is the winning attempt's
     * elements as a {@code Flux} (see {@link #firstElement}).
     */
    @SuppressWarnings("unchecked")
    static Flux<Object> streamingFlux(Function<Object, CompletableFuture<Object>> run) {
        return Flux.deferContextual(
                context -> Mono.fromFuture(start(run, context)).flatMapMany(elements -> (Flux<Object>) elements));
    }

    /**
     * Subscribes to one attempt's publisher and settles at its first signal: the stage completes with
     * a {@code Flux} of the first element and all that follow it, or of nothing when the publisher
     * completes empty; it fails when the publisher fails before its first element (so that attempt may
     * be retried). A failure after the first element reaches the subscriber of the returned
     * {@code Flux} as it is. The elements are relayed from the one subscription to the attempt's
     * publisher, which is cancelled when the subscriber cancels or the stage is cancelled.
     */
    @SuppressWarnings("unchecked")
    static CompletionStage<Object> firstElement(Object value, Object context, boolean outerRetries) {
        if (!(value instanceof Publisher<?> publisher)) {
            return toStage(value, false, context, outerRetries);
        }
        Flux<Object> source = withContext(Flux.from((Publisher<Object>) publisher), context, outerRetries);
        Sinks.Many<Object> rest = Sinks.many().unicast().onBackpressureBuffer();
        Disposable.Swap subscription = Disposables.swap();
        Flux<Object> relayed = rest.asFlux().doOnCancel(subscription::dispose);
        CompletableFuture<Object> settled = new CompletableFuture<>();
        AtomicBoolean started = new AtomicBoolean();
        settled.whenComplete((flux, failure) -> {
            if (settled.isCancelled()) {
                subscription.dispose();
            }
        });
        subscription.update(source.subscribe(
                element -> {
                    rest.tryEmitNext(element);
                    if (started.compareAndSet(false, true)) {
                        settled.complete(relayed);
                    }
                },
                failure -> {
                    if (started.get()) {
                        rest.tryEmitError(failure);
                    } else {
                        settled.completeExceptionally(failure);
                    }
                },
                () -> {
                    rest.tryEmitComplete();
                    if (started.compareAndSet(false, true)) {
                        settled.complete(relayed);
                    }
                }));
        return settled;
    }

    private static CompletableFuture<Object> start(
            Function<Object, CompletableFuture<Object>> run, ContextView context) {
        if (context.isEmpty()) {
            return run.apply(context);
        }
        try (ContextSnapshot.Scope scope = FROM_CONTEXT.setThreadLocalsFrom(context)) {
            return run.apply(context);
        }
    }

    /**
     * Subscribes to one attempt's publisher: a {@code Mono}'s value (null when empty), or a
     * {@code Flux}'s elements collected in a list. Other values are returned as they are.
     */
    static CompletionStage<Object> toStage(Object value, boolean collect) {
        return toStage(value, collect, null, false);
    }

    /**
     * Subscribes to one attempt's publisher with the subscriber's Context ({@code context}, a
     * {@link ContextView}, or null): a {@code Mono}'s value (null when empty), or a {@code Flux}'s
     * elements collected in a list. Other values are returned as they are. With
     * {@code outerRetries} the subscription's context also carries {@link HttpRetryScope#CONTEXT_KEY},
     * so a {@code WebClient} filter does not retry too.
     */
    @SuppressWarnings("unchecked")
    static CompletionStage<Object> toStage(Object value, boolean collect, Object context, boolean outerRetries) {
        if (value instanceof Mono<?> mono) {
            Mono<Object> source = withContext((Mono<Object>) mono, context, outerRetries);
            return collect ? source.map(v -> (Object) List.of(v)).toFuture() : source.toFuture();
        }
        if (value instanceof Publisher<?> publisher) {
            Flux<Object> flux = withContext(Flux.from((Publisher<Object>) publisher), context, outerRetries);
            return collect
                    ? flux.collectList().map(l -> (Object) l).toFuture()
                    : flux.next().toFuture();
        }
        if (value instanceof CompletionStage<?> stage) {
            return (CompletionStage<Object>) stage;
        }
        return CompletableFuture.completedFuture(value);
    }

    private static Mono<Object> withContext(Mono<Object> mono, Object context, boolean outerRetries) {
        Mono<Object> result = mono;
        if (context instanceof ContextView view && !view.isEmpty()) {
            result = result.contextWrite(view);
        }
        return outerRetries ? result.contextWrite(c -> c.put(HttpRetryScope.CONTEXT_KEY, Boolean.TRUE)) : result;
    }

    private static Flux<Object> withContext(Flux<Object> flux, Object context, boolean outerRetries) {
        Flux<Object> result = flux;
        if (context instanceof ContextView view && !view.isEmpty()) {
            result = result.contextWrite(view);
        }
        return outerRetries ? result.contextWrite(c -> c.put(HttpRetryScope.CONTEXT_KEY, Boolean.TRUE)) : result;
    }
}
