package dev.resilient.retry;

import dev.resilient.ContextPropagator;
import dev.resilient.ResilienceRuntime;
import dev.resilient.step.Exceptions;
import dev.resilient.step.Step;
import dev.resilient.time.Cancellable;
import dev.resilient.time.Scheduler;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * One asynchronous call of a {@link RetryStep}: each attempt's stage completes into {@link #accept},
 * which asks the step's {@link RetryStep.Decisions} and either completes the promise or schedules
 * {@link #run} after the delay; {@code run} starts the next attempt on the async executor. Its
 * fields are handed from thread to thread through the future, the scheduler and the executor,
 * which order the accesses.
 */
final class RetryAsyncCall<T> implements BiConsumer<T, Throwable>, Scheduler.ShutdownAware {

    final CompletableFuture<T> promise = new CompletableFuture<>();
    private final Supplier<? extends CompletionStage<T>> call;
    private final Object @Nullable [] args;
    private final ResilienceRuntime runtime;
    private final Step next;
    private final RetryStep.Decisions decisions;
    private volatile @Nullable Cancellable pending;
    private boolean cancelHookInstalled;
    private final ContextPropagator.CapturedContext context;

    RetryAsyncCall(
            ResilienceRuntime runtime,
            Step next,
            RetryStep.Decisions decisions,
            Supplier<? extends CompletionStage<T>> call,
            Object @Nullable [] args) {
        this.runtime = runtime;
        this.next = next;
        this.decisions = decisions;
        this.call = call;
        this.args = args;
        this.context = runtime.contextPropagator().capture();
    }

    void attempt() {
        if (promise.isDone()) {
            return; // cancelled or completed by the caller: no more attempts
        }
        CompletionStage<T> stage;
        try {
            decisions.attemptStarts();
            stage = next.executeAsync(call, args);
            if (stage == null) {
                stage = CompletableFuture.failedFuture(
                        new NullPointerException("the async call returned null instead of a CompletionStage"));
            }
        } catch (Throwable t) {
            stage = CompletableFuture.failedFuture(t);
        }
        stage.whenComplete(this);
    }

    @Override
    public void accept(@Nullable T value, @Nullable Throwable error) {
        try {
            Throwable failure = error == null ? null : Exceptions.unwrap(error);
            long delay = decisions.afterAttempt(failure, value);
            if (delay == RetryStep.Decisions.END) {
                if (failure == null) {
                    promise.complete(value);
                } else {
                    promise.completeExceptionally(decisions.ending(failure));
                }
            } else {
                schedule(delay);
            }
        } catch (Throwable unexpected) {
            promise.completeExceptionally(unexpected);
        }
    }

    private void schedule(long delayNanos) {
        if (!cancelHookInstalled) {
            cancelHookInstalled = true;
            promise.whenComplete((value, failure) -> {
                Cancellable task = pending;
                if (task != null) {
                    task.cancel();
                }
            });
        }
        try {
            pending = runtime.scheduler().schedule(this, delayNanos);
        } catch (RuntimeException rejected) {
            promise.completeExceptionally(decisions.stopped(rejected));
            return;
        }
        if (promise.isDone()) {
            pending.cancel();
        }
    }

    /** The runtime closed while this call waited for its next attempt: fail it, clearly. */
    @Override
    public void onSchedulerShutdown() {
        pending = null;
        promise.completeExceptionally(decisions.runtimeClosed());
    }

    /** A later attempt, on the async executor, with the caller's context restored and then cleared. */
    private void attemptInContext() {
        try (ContextPropagator.Scope scope = context.restore()) {
            attempt();
        }
    }

    /** The wait is over: the next attempt starts on the async executor, not on the scheduler's thread. */
    @Override
    public void run() {
        pending = null;
        try {
            runtime.asyncExecutor().execute(this::attemptInContext);
        } catch (RuntimeException rejected) {
            promise.completeExceptionally(decisions.stopped(rejected));
        }
    }
}
