package dev.resilient.timeout;

import dev.resilient.ContextPropagator;
import dev.resilient.ResilienceException;
import dev.resilient.ResilienceRuntime;
import dev.resilient.SaturationPolicy;
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
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
 * interruption frees its thread at once. The call runs on another thread with the caller's context
 * restored by the runtime's {@link ContextPropagator} (and cleared afterwards); inside it,
 * {@link TimedAttempt#current()} tells code about to commit whether the caller still waits. If the
 * caller is interrupted while waiting, the call is cancelled and the {@link InterruptedException}
 * propagates. When the executor refuses the attempt (saturated), the runtime's
 * {@link SaturationPolicy} decides: an {@link ExecutorSaturatedException} (a rejection), or the
 * attempt runs on the caller's thread without the timeout.
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
        TimedCall<T> timed = new TimedCall<>(
                next,
                call,
                args,
                new TimedAttempt(ctx.instance(), config.timeout()),
                runtime.contextPropagator().capture());
        Future<T> future;
        try {
            future = runtime.callExecutor().submit(timed);
        } catch (RejectedExecutionException e) {
            return saturated(call, args, e);
        }
        try {
            return future.get(timeoutNanos, TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            throw rethrown(e);
        } catch (TimeoutException e) {
            if (!timed.attempt.abandon()) {
                // completed in the meantime (or its transaction is committing): its outcome stands
                return outcome(future);
            }
            timedOut(future, args);
            throw exceeded();
        } catch (InterruptedException e) {
            if (!timed.attempt.abandon()) {
                // the attempt claimed its outcome first (e.g. its transaction commits): report it
                Thread.currentThread().interrupt();
                return outcome(future);
            }
            future.cancel(true);
            throw e;
        }
    }

    private <T> T saturated(Callable<T> call, Object @Nullable [] args, RejectedExecutionException cause)
            throws Exception {
        if (runtime.callExecutor().isShutdown()) {
            throw new ResilienceException(
                    ctx.instance(), "Call of '" + ctx.instance() + "' refused: the resilient runtime is closed", cause);
        }
        if (runtime.saturationPolicy() == SaturationPolicy.CALLER_RUNS) {
            return next.execute(call, args);
        }
        if (ctx.eventsEnabled(EventType.REJECTED)) {
            ctx.publish(ctx.event(EventType.REJECTED, SOURCE).arguments(args).detail("call executor saturated"));
        }
        throw new ExecutorSaturatedException(ctx.instance(), cause);
    }

    /**
     * The inner call run on the executor, with the caller's context restored. Whoever comes first
     * wins: the call completing (or its transaction claiming the outcome, see {@link TimedAttempt}),
     * or the caller giving up. A result that arrives after the caller gave up is closed if it is
     * {@link AutoCloseable} (e.g. an HTTP response), so nothing leaks.
     */
    private static final class TimedCall<T> implements Callable<T> {
        private final Step next;
        private final Callable<T> call;
        private final Object @Nullable [] args;
        private final ContextPropagator.CapturedContext context;
        final TimedAttempt attempt;

        TimedCall(
                Step next,
                Callable<T> call,
                Object @Nullable [] args,
                TimedAttempt attempt,
                ContextPropagator.CapturedContext context) {
            this.next = next;
            this.call = call;
            this.args = args;
            this.attempt = attempt;
            this.context = context;
        }

        @Override
        public T call() throws Exception {
            T result;
            TimedAttempt previous = attempt.enter();
            try (ContextPropagator.Scope scope = context.restore()) {
                result = next.execute(call, args);
            } catch (Throwable failure) {
                attempt.finish();
                throw failure;
            } finally {
                TimedAttempt.exit(previous);
            }
            if (!attempt.finish() && result instanceof AutoCloseable closeable) {
                closeQuietly(closeable);
            }
            return result;
        }

        private static void closeQuietly(AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                log.debug("Closing a result that arrived after its timeout failed", e);
            }
        }
    }

    /**
     * The outcome of an attempt that claimed it: waited for even if the caller is interrupted
     * meanwhile (the interrupt flag is kept), since a claimed outcome, such as a commit, must be
     * reported as it is.
     */
    private static <T> T outcome(Future<T> future) throws Exception {
        boolean interrupted = Thread.interrupted();
        try {
            while (true) {
                try {
                    return future.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    throw rethrown(e);
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** What the call threw on the executor, as it threw it. */
    private static RuntimeException rethrown(ExecutionException e) {
        return Exceptions.sneakyThrow(e.getCause() != null ? e.getCause() : e);
    }

    @Override
    public <T> CompletionStage<T> executeAsync(Supplier<? extends CompletionStage<T>> call, Object @Nullable [] args) {
        CompletionStage<T> stage = nextAsync(call, args);
        if (stage instanceof CompletableFuture<T> future && future.isDone()) {
            return stage;
        }
        CompletableFuture<T> result = new CompletableFuture<>();
        ContextPropagator.CapturedContext context = runtime.contextPropagator().capture();
        Cancellable timer = runtime.scheduler()
                .schedule(
                        () -> {
                            try {
                                runtime.asyncExecutor().execute(() -> expire(stage, result, args, context));
                            } catch (RuntimeException rejectedByExecutor) {
                                expire(stage, result, args, context);
                            }
                        },
                        timeoutNanos);
        stage.whenComplete((value, failure) -> {
            timer.cancel();
            complete(result, value, failure);
        });
        return result;
    }

    private <T> void expire(
            CompletionStage<T> stage,
            CompletableFuture<T> result,
            Object @Nullable [] args,
            ContextPropagator.CapturedContext context) {
        try (ContextPropagator.Scope scope = context.restore()) {
            expire(stage, result, args);
        }
    }

    private <T> void expire(CompletionStage<T> stage, CompletableFuture<T> result, Object @Nullable [] args) {
        if (!result.isDone() && result.completeExceptionally(exceeded())) {
            timedOut(running(stage), args);
        }
    }

    /** The stage as a future to cancel; {@code null} when it is not to be cancelled or cannot be converted. */
    private @Nullable Future<?> running(CompletionStage<?> stage) {
        if (!config.cancelRunningFuture()) {
            return null;
        }
        try {
            return stage.toCompletableFuture();
        } catch (UnsupportedOperationException e) {
            return null;
        }
    }

    /**
     * The one decision once the caller stopped waiting, shared by the sync and async paths: the
     * running attempt is cancelled (unless {@link TimeoutConfig#cancelRunningFuture()} is off) and a
     * TIMEOUT event tells who listens. The caller then fails with {@link #exceeded()}.
     */
    private void timedOut(@Nullable Future<?> running, Object @Nullable [] args) {
        if (running != null && config.cancelRunningFuture()) {
            try {
                running.cancel(true);
            } catch (CancellationException e) {
                // a future that cannot be cancelled runs to its end; its result is ignored
            }
        }
        publishTimeout(args);
    }

    /**
     * What an attempt that ran out of time ends with, its {@code TIMEOUT} event published: for an
     * integration that times attempts its own way (a Reactor operator).
     */
    public TimeoutExceededException timedOut(Object @Nullable [] args) {
        publishTimeout(args);
        return exceeded();
    }

    private TimeoutExceededException exceeded() {
        return new TimeoutExceededException(ctx.instance(), config.timeout());
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
