package dev.resilient.spring.internal;

import java.util.concurrent.atomic.AtomicBoolean;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;
import reactor.core.publisher.Sinks;
import reactor.util.context.Context;

/**
 * One attempt of a {@code Flux} method under {@code flux-mode: stream}: a {@code Mono} that
 * subscribes to the attempt's elements and settles at their first signal, with a {@code Flux} of the
 * first element and all that follow it (or of nothing when the attempt completes empty); it fails
 * when the attempt fails before its first element, so that attempt may be retried. A failure after
 * the first element reaches the subscriber of the returned {@code Flux} as it is, never retried, so
 * no element is replayed. The elements are relayed from the one subscription to the attempt, which
 * is subscribed with the subscriber's Context (as any operator subscribes its source) and cancelled
 * when the subscriber cancels.
 */
final class FirstElement {

    private FirstElement() {}

    static Mono<Object> of(Flux<Object> elements) {
        return Mono.create(sink -> {
            Relay relay = new Relay(sink);
            sink.onCancel(relay::cancelBeforeFirst);
            elements.subscribe(relay);
        });
    }

    private static final class Relay extends BaseSubscriber<Object> {

        private final MonoSink<Object> sink;
        private final Context context;
        private final Sinks.Many<Object> rest = Sinks.many().unicast().onBackpressureBuffer();
        private final Flux<Object> relayed = this.rest.asFlux().doOnCancel(this::dispose);
        private final AtomicBoolean started = new AtomicBoolean();

        Relay(MonoSink<Object> sink) {
            this.sink = sink;
            this.context = Context.of(sink.contextView());
        }

        @Override
        public Context currentContext() {
            return this.context;
        }

        @Override
        protected void hookOnNext(Object element) {
            this.rest.tryEmitNext(element);
            if (this.started.compareAndSet(false, true)) {
                this.sink.success(this.relayed);
            }
        }

        @Override
        protected void hookOnError(Throwable failure) {
            if (this.started.compareAndSet(false, true)) {
                this.sink.error(failure);
            } else {
                this.rest.tryEmitError(failure);
            }
        }

        @Override
        protected void hookOnComplete() {
            this.rest.tryEmitComplete();
            if (this.started.compareAndSet(false, true)) {
                this.sink.success(this.relayed);
            }
        }

        void cancelBeforeFirst() {
            if (!this.started.get()) {
                dispose();
            }
        }
    }
}
