package dev.resilient.spring.internal;

import dev.resilient.ContextPropagator;
import dev.resilient.ResilienceRuntime;
import dev.resilient.time.Cancellable;
import dev.resilient.time.Scheduler;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;

/**
 * The waits of the Reactor operators of {@link ReactivePipeline} (retry delays, rate-limit waits,
 * timeouts) as a {@code Mono} that emits {@code 0} once the delay has passed on the runtime's
 * {@link Scheduler} — the same clock every other path of the library waits on, so a
 * {@code ManualTime} runtime drives them in tests. The tick is emitted on the runtime's async
 * executor, never on the scheduler's thread, with the subscriber's thread context (the runtime's
 * {@link ContextPropagator}) restored around it; cancelling the subscription cancels the scheduled
 * task.
 */
final class RuntimeTimer {

    private final ResilienceRuntime runtime;

    RuntimeTimer(ResilienceRuntime runtime) {
        this.runtime = runtime;
    }

    /**
     * A tick after {@code delayNanos}; when the async executor refuses it, it is emitted on the
     * scheduler's thread; when the scheduler closes first, at once.
     */
    Mono<Long> after(long delayNanos, ContextPropagator.CapturedContext context) {
        return after(delayNanos, context, null, null);
    }

    /**
     * A tick after {@code delayNanos}, failing with {@code refused} applied to the executor's or the
     * scheduler's refusal, or with {@code closed} when the scheduler closes before the delay passed.
     */
    Mono<Long> after(
            long delayNanos,
            ContextPropagator.CapturedContext context,
            @Nullable Function<RuntimeException, Throwable> refused,
            @Nullable Supplier<Throwable> closed) {
        return Mono.create(sink -> {
            Runnable due = () -> emit(sink, context, refused);
            Runnable task = closed == null ? due : new Closing(due, () -> sink.error(closed.get()));
            Cancellable scheduled;
            try {
                scheduled = this.runtime.scheduler().schedule(task, delayNanos);
            } catch (RuntimeException rejected) {
                sink.error(refused != null ? refused.apply(rejected) : rejected);
                return;
            }
            sink.onCancel(scheduled::cancel);
        });
    }

    /**
     * A tick on the runtime's async executor at once (on the calling thread when the executor refuses
     * it): where work continues after a reply that arrives on a backend's I/O thread.
     */
    Mono<Long> onExecutor(ContextPropagator.CapturedContext context) {
        return Mono.create(sink -> emit(sink, context, null));
    }

    private void emit(
            MonoSink<Long> sink,
            ContextPropagator.CapturedContext context,
            @Nullable Function<RuntimeException, Throwable> refused) {
        Runnable tick = () -> {
            try (ContextPropagator.Scope scope = context.restore()) {
                sink.success(0L);
            }
        };
        try {
            this.runtime.asyncExecutor().execute(tick);
        } catch (RuntimeException rejected) {
            if (refused != null) {
                sink.error(refused.apply(rejected));
            } else {
                tick.run();
            }
        }
    }

    /** A scheduled task that fails its subscriber when the scheduler closes before it fell due. */
    private record Closing(Runnable task, Runnable onClose) implements Scheduler.ShutdownAware {

        @Override
        public void run() {
            this.task.run();
        }

        @Override
        public void onSchedulerShutdown() {
            this.onClose.run();
        }
    }
}
