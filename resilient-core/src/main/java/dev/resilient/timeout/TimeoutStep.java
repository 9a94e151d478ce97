package dev.resilient.timeout;

import dev.resilient.ResilienceRuntime;
import dev.resilient.event.EventType;
import dev.resilient.step.Exceptions;
import dev.resilient.step.Step;
import dev.resilient.step.StepContext;
import dev.resilient.time.Cancellable;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pipeline step that bounds how long one attempt may take. When the limit passes the attempt
 * fails with a {@link TimeoutExceededException} (and a {@code TIMEOUT} event).
 *
 * <p>A synchronous call runs on the runtime's {@linkplain ResilienceRuntime#callExecutor() call
 * executor} while the caller waits for it up to the timeout; on timeout the call's thread is
 * interrupted (unless {@link TimeoutConfig#cancelRunningFuture()} is off), so a call that honours
 * interruption frees its thread at once. The call runs on another thread: thread-locals of the
 * caller (MDC, transactions, security context) are not visible inside it. If the caller is
 * interrupted while waiting, the call is cancelled and the {@link InterruptedException} propagates.
 *
 * <p>An asynchronous call's stage fails after the timeout, measured on the runtime's scheduler,
 * and the call's own future is cancelled (unless {@code cancelRunningFuture} is off); the timer is
 * cancelled as soon as the call finishes first.
 */
public final class TimeoutStep extends Step {

    private static final Logger log = LoggerFactory.getLogger(TimeoutStep.class);

    static final String SOURCE = "timeout";

    private final TimeoutConfig config;
    private final StepContext ctx;
    private final ResilienceRuntime runtime;
    private final long timeoutNanos;

    public TimeoutStep(TimeoutConfig config, StepContext ctx, Step next) {
        super(Objects.requireNonNull(next, "next"));
        this.config = Objects.requireNonNull(config, "config");
        this.ctx = Objects.requireNonNull(ctx, "ctx");
        this.runtime = ctx.runtime();
        this.timeoutNanos = config.timeout().toNanos();
    }

    public TimeoutConfig config() {
        return config;
    }

    @Override
    public <T> T execute(Callable<T> call, Object @Nullable [] args) throws Exception {
        TimedCall<T> timed = new TimedCall<>(next, call, args);
        Future<T> future = runtime.callExecutor().submit(timed);
        try {
            return future.get(timeoutNanos, TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            throw Exceptions.sneakyThrow(e.getCause() != null ? e.getCause() : e);
        } catch (TimeoutException e) {
            if (!timed.abandon()) {
                // finished in the meantime: its outcome stands
                return outcome(future);
            }
            if (config.cancelRunningFuture()) {
                future.cancel(true);
            }
            publishTimeout(args);
            throw new TimeoutExceededException(ctx.instance(), config.timeout());
        } catch (InterruptedException e) {
            timed.abandon();
            future.cancel(true);
            throw e;
        }
    }

    /**
     * The inner call run on the executor. Whoever comes first wins: the call finishing, or the caller
     * giving up. A result that arrives after the caller gave up is closed if it is
     * {@link AutoCloseable} (e.g. an HTTP response), so nothing leaks.
     */
    private static final class TimedCall<T> implements Callable<T> {
        private static final int RUNNING = 0;
        private static final int DONE = 1;
        private static final int ABANDONED = 2;

        private final Step next;
        private final Callable<T> call;
        private final Object @Nullable [] args;
        private final AtomicInteger state = new AtomicInteger(RUNNING);

        TimedCall(Step next, Callable<T> call, Object @Nullable [] args) {
            this.next = next;
            this.call = call;
            this.args = args;
        }

        @Override
        public T call() throws Exception {
            T result;
            try {
                result = next.execute(call, args);
            } catch (Throwable failure) {
                state.compareAndSet(RUNNING, DONE);
                throw failure;
            }
            if (!state.compareAndSet(RUNNING, DONE) && result instanceof AutoCloseable closeable) {
                closeQuietly(closeable);
            }
            return result;
        }

        /** The caller gives up; {@code false} if the call already finished. */
        boolean abandon() {
            return state.compareAndSet(RUNNING, ABANDONED);
        }

        private static void closeQuietly(AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                log.debug("Closing a result that arrived after its timeout failed", e);
            }
        }
    }

    private static <T> T outcome(Future<T> future) throws Exception {
        try {
            return future.get();
        } catch (ExecutionException e) {
            throw Exceptions.sneakyThrow(e.getCause() != null ? e.getCause() : e);
        }
    }

    @Override
    public <T> CompletionStage<T> executeAsync(Supplier<? extends CompletionStage<T>> call, Object @Nullable [] args) {
        CompletionStage<T> stage = nextAsync(call, args);
        if (stage instanceof CompletableFuture<T> future && future.isDone()) {
            return stage;
        }
        CompletableFuture<T> result = new CompletableFuture<>();
        Cancellable timer = runtime.scheduler()
                .schedule(
                        () -> {
                            try {
                                runtime.asyncExecutor().execute(() -> expire(stage, result, args));
                            } catch (RuntimeException rejectedByExecutor) {
                                expire(stage, result, args);
                            }
                        },
                        timeoutNanos);
        stage.whenComplete((value, failure) -> {
            timer.cancel();
            if (failure == null) {
                result.complete(value);
            } else {
                result.completeExceptionally(failure);
            }
        });
        return result;
    }

    private <T> void expire(CompletionStage<T> stage, CompletableFuture<T> result, Object @Nullable [] args) {
        if (result.isDone()) {
            return;
        }
        TimeoutExceededException timeout = new TimeoutExceededException(ctx.instance(), config.timeout());
        if (!result.completeExceptionally(timeout)) {
            return;
        }
        publishTimeout(args);
        if (config.cancelRunningFuture()) {
            try {
                stage.toCompletableFuture().cancel(true);
            } catch (UnsupportedOperationException | CancellationException e) {
                // a stage that cannot be converted or cancelled runs to its end; its result is ignored
            }
        }
    }

    private void publishTimeout(Object @Nullable [] args) {
        if (ctx.eventsEnabled(EventType.TIMEOUT)) {
            Duration timeout = config.timeout();
            ctx.publish(ctx.event(EventType.TIMEOUT, SOURCE)
                    .elapsed(timeout)
                    .arguments(args)
                    .detail("timed out after " + timeout));
        }
    }
}
