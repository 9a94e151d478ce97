package dev.resilient.retry;

import dev.resilient.ContextPropagator;
import dev.resilient.ResilienceException;
import dev.resilient.ResilienceRuntime;
import dev.resilient.event.EventType;
import dev.resilient.internal.Exceptions;
import dev.resilient.pipeline.Step;
import dev.resilient.pipeline.StepContext;
import dev.resilient.retry.internal.RetryLog;
import dev.resilient.time.Cancellable;
import dev.resilient.time.Scheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The retry step of a pipeline: runs the inner steps (breaker, limiter, bulkhead, timeout, the call)
 * up to {@code maxAttempts} times, waiting between attempts as its {@link Retry} is configured.
 *
 * <ul>
 *   <li>Success: the result is returned. A result that {@code retryOnResult} matches is retried; if
 *       the last attempt (or the last one the budget allows) still returns such a result, that result
 *       is returned, not an exception.</li>
 *   <li>A failure that is not retryable is rethrown as is at once.</li>
 *   <li>A retryable failure on the last attempt: {@link RetryExhaustedException}.</li>
 *   <li>A retryable failure when the budget is spent: the failure itself.</li>
 * </ul>
 * Synchronous calls wait on the runtime's sleeper; an interrupt during the wait restores the
 * thread's interrupt flag and ends the call with an {@link InterruptedException} whose cause is the
 * last failure. Asynchronous calls wait on the runtime's scheduler and start the next attempt on the
 * runtime's async executor, with the caller's context restored by the runtime's
 * {@link ContextPropagator}; no thread is blocked. Cancelling the returned future stops the retries.
 *
 * <p>Events (each only when some listener accepts its type): {@code ATTEMPT} before each attempt, {@code RETRY} before each
 * wait (with the delay and the failure or result), {@code RETRIES_EXHAUSTED} when the attempts ran out.
 * The synchronous path allocates nothing when the first attempt succeeds and nobody listens.
 */
public final class RetryStep extends Step {

    private static final long NOT_TIMED = Long.MIN_VALUE;

    private static final String SOURCE = "retry";

    private final Retry retry;
    private final RetryConfig config;
    private final StepContext ctx;
    private final ResilienceRuntime runtime;

    /**
     * @param retry the instance's state (configuration, budget, counters)
     * @param ctx the pipeline instance's context
     * @param next the step each attempt runs
     */
    public RetryStep(Retry retry, StepContext ctx, Step next) {
        super(Objects.requireNonNull(next, "next"));
        this.retry = Objects.requireNonNull(retry, "retry");
        this.config = retry.config();
        this.ctx = Objects.requireNonNull(ctx, "ctx");
        this.runtime = ctx.runtime();
    }

    public Retry retry() {
        return retry;
    }

    @Override
    public <T> T execute(Callable<T> call, Object[] args) throws Exception {
        final long start = startTime();
        final int maxAttempts = config.maxAttempts();
        long previousDelay = config.baseDelayNanos();
        List<Throwable> failures = null;
        for (int attempt = 1; ; attempt++) {
            if (ctx.eventsEnabled(EventType.ATTEMPT)) {
                ctx.publish(
                        ctx.event(EventType.ATTEMPT, SOURCE).attempt(attempt).arguments(args));
            }
            T result;
            try {
                result = next.execute(call, args);
            } catch (Throwable failure) {
                if (Step.passesThrough(failure)) {
                    throw failure;
                }
                if (!config.isRetryable(failure)) {
                    failedForGood(attempt, failure, null, start);
                    throw failure;
                }
                boolean budgetAllows = retry.takeBudget();
                if (attempt >= maxAttempts) {
                    throw exhausted(attempt, failure, failures, start, args);
                }
                if (!budgetAllows) {
                    retry.recordBudgetDenial();
                    failedForGood(attempt, failure, null, start);
                    throw failure;
                }
                long delay = config.delayNanos(attempt, previousDelay, failure, null, runtime.random());
                failures = remember(failures, failure);
                beforeRetry(attempt, failure, null, delay, start, args);
                sleep(attempt, delay, failure, start);
                previousDelay = delay;
                continue;
            }
            if (config.retryOnResult() != null && config.isRetryableResult(result)) {
                boolean budgetAllows = retry.takeBudget();
                if (attempt >= maxAttempts || !budgetAllows) {
                    return resultExhausted(attempt, result, start, args, budgetAllows);
                }
                long delay = config.delayNanos(attempt, previousDelay, null, result, runtime.random());
                beforeRetry(attempt, null, result, delay, start, args);
                sleep(attempt, delay, failures == null ? null : failures.get(failures.size() - 1), start);
                previousDelay = delay;
                continue;
            }
            succeeded(attempt, result, start);
            return result;
        }
    }

    @Override
    public <T> CompletionStage<T> executeAsync(Supplier<? extends CompletionStage<T>> call, Object[] args) {
        AsyncCall<T> asyncCall = new AsyncCall<>(call, args);
        asyncCall.attempt();
        return asyncCall.promise;
    }

    private void sleep(int attempt, long delayNanos, Throwable lastFailure, long start) throws InterruptedException {
        if (delayNanos <= 0) {
            return;
        }
        try {
            runtime.sleeper().sleep(delayNanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            InterruptedException interrupted = new InterruptedException(
                    "Retry '" + ctx.instance() + "' interrupted while waiting after attempt " + attempt);
            if (lastFailure != null) {
                interrupted.initCause(lastFailure);
            }
            failedForGood(attempt, interrupted, null, start);
            throw interrupted;
        }
    }

    // ---- outcomes shared by the sync and async paths ----

    private void succeeded(int attempt, Object result, long start) {
        retry.recordSuccess(attempt);
        Consumer<RetryAttempt> callback = config.onSuccess();
        if (callback != null) {
            RetryLog.invoke("onSuccess", callback, new RetryAttempt(attempt, null, result, elapsed(start), null));
        }
    }

    private void failedForGood(int attempt, Throwable failure, Object result, long start) {
        retry.recordFailure(attempt);
        Consumer<RetryAttempt> callback = config.onFailure();
        if (callback != null) {
            RetryLog.invoke("onFailure", callback, new RetryAttempt(attempt, failure, result, elapsed(start), null));
        }
    }

    private RetryExhaustedException exhausted(
            int attempt, Throwable failure, List<Throwable> failures, long start, Object[] args) {
        RetryExhaustedException exhausted = new RetryExhaustedException(ctx.instance(), attempt, failure, failures);
        if (ctx.eventsEnabled(EventType.RETRIES_EXHAUSTED)) {
            ctx.publish(ctx.event(EventType.RETRIES_EXHAUSTED, SOURCE)
                    .attempt(attempt)
                    .failure(exhausted)
                    .elapsedNanos(elapsedNanos(start))
                    .arguments(args));
        }
        failedForGood(attempt, exhausted, null, start);
        return exhausted;
    }

    private <T> T resultExhausted(int attempt, T result, long start, Object[] args, boolean budgetAllows) {
        if (!budgetAllows && attempt < config.maxAttempts()) {
            retry.recordBudgetDenial();
        } else if (ctx.eventsEnabled(EventType.RETRIES_EXHAUSTED)) {
            ctx.publish(ctx.event(EventType.RETRIES_EXHAUSTED, SOURCE)
                    .attempt(attempt)
                    .result(result)
                    .elapsedNanos(elapsedNanos(start))
                    .arguments(args)
                    .detail("returned the last result"));
        }
        failedForGood(attempt, null, result, start);
        return result;
    }

    private void beforeRetry(
            int attempt, Throwable failure, Object result, long delayNanos, long start, Object[] args) {
        retry.recordRetry();
        ctx.stats().recordRetry();
        Consumer<RetryAttempt> callback = config.onRetry();
        if (callback != null) {
            RetryLog.invoke(
                    "onRetry",
                    callback,
                    new RetryAttempt(attempt, failure, result, elapsed(start), Duration.ofNanos(delayNanos)));
        }
        if (ctx.eventsEnabled(EventType.RETRY)) {
            ctx.publish(ctx.event(EventType.RETRY, SOURCE)
                    .attempt(attempt)
                    .failure(failure)
                    .result(result)
                    .delay(Duration.ofNanos(delayNanos))
                    .elapsedNanos(elapsedNanos(start))
                    .arguments(args));
        }
    }

    /**
     * When a call starts, read only if someone will be told the elapsed time (callbacks, or the
     * RETRY / RETRIES_EXHAUSTED events, which carry it; ATTEMPT is included to keep the events of
     * one listener consistent): a clock read costs more than the rest of a retry that is not needed.
     */
    private long startTime() {
        return config.onRetry() != null
                        || config.onSuccess() != null
                        || config.onFailure() != null
                        || ctx.eventsEnabled(EventType.RETRY)
                        || ctx.eventsEnabled(EventType.RETRIES_EXHAUSTED)
                        || ctx.eventsEnabled(EventType.ATTEMPT)
                ? runtime.clock().nanoTime()
                : NOT_TIMED;
    }

    private long elapsedNanos(long start) {
        return start == NOT_TIMED ? 0 : Math.max(0, runtime.clock().nanoTime() - start);
    }

    private Duration elapsed(long start) {
        return Duration.ofNanos(elapsedNanos(start));
    }

    private static List<Throwable> remember(List<Throwable> failures, Throwable failure) {
        List<Throwable> list = failures != null ? failures : new ArrayList<>(4);
        if (list.size() <= RetryExhaustedException.MAX_SUPPRESSED) {
            list.add(failure);
        } else {
            list.set(list.size() - 1, failure); // keep the first ones and the latest
        }
        return list;
    }

    /**
     * One asynchronous call: each attempt's stage completes into {@link #accept}, which either
     * completes the promise or schedules {@link #run} after the delay; {@code run} starts the next
     * attempt on the async executor. Its fields are handed from thread to thread through the
     * future, the scheduler and the executor, which order the accesses.
     */
    private final class AsyncCall<T> implements BiConsumer<T, Throwable>, Scheduler.ShutdownAware {

        final CompletableFuture<T> promise = new CompletableFuture<>();
        private final Supplier<? extends CompletionStage<T>> call;
        private final Object[] args;
        private final long start = startTime();
        private int attempt;
        private long previousDelay = config.baseDelayNanos();
        private List<Throwable> failures;
        private volatile Cancellable pending;
        private boolean cancelHookInstalled;
        private final ContextPropagator.CapturedContext context =
                runtime.contextPropagator().capture();

        AsyncCall(Supplier<? extends CompletionStage<T>> call, Object[] args) {
            this.call = call;
            this.args = args;
        }

        void attempt() {
            if (promise.isDone()) {
                return; // cancelled or completed by the caller: no more attempts
            }
            attempt++;
            CompletionStage<T> stage;
            try {
                if (ctx.eventsEnabled(EventType.ATTEMPT)) {
                    ctx.publish(ctx.event(EventType.ATTEMPT, SOURCE)
                            .attempt(attempt)
                            .arguments(args));
                }
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
        public void accept(T value, Throwable error) {
            try {
                if (error == null) {
                    onValue(value);
                } else {
                    onFailure(Exceptions.unwrap(error));
                }
            } catch (Throwable unexpected) {
                promise.completeExceptionally(unexpected);
            }
        }

        private void onFailure(Throwable failure) {
            if (Step.passesThrough(failure)) {
                promise.completeExceptionally(failure);
                return;
            }
            if (!config.isRetryable(failure)) {
                failedForGood(attempt, failure, null, start);
                promise.completeExceptionally(failure);
                return;
            }
            boolean budgetAllows = retry.takeBudget();
            if (attempt >= config.maxAttempts()) {
                promise.completeExceptionally(exhausted(attempt, failure, failures, start, args));
                return;
            }
            if (!budgetAllows) {
                retry.recordBudgetDenial();
                failedForGood(attempt, failure, null, start);
                promise.completeExceptionally(failure);
                return;
            }
            long delay = config.delayNanos(attempt, previousDelay, failure, null, runtime.random());
            failures = remember(failures, failure);
            beforeRetry(attempt, failure, null, delay, start, args);
            previousDelay = delay;
            schedule(delay);
        }

        private void onValue(T value) {
            if (config.retryOnResult() == null || !config.isRetryableResult(value)) {
                succeeded(attempt, value, start);
                promise.complete(value);
                return;
            }
            boolean budgetAllows = retry.takeBudget();
            if (attempt >= config.maxAttempts() || !budgetAllows) {
                promise.complete(resultExhausted(attempt, value, start, args, budgetAllows));
                return;
            }
            long delay = config.delayNanos(attempt, previousDelay, null, value, runtime.random());
            beforeRetry(attempt, null, value, delay, start, args);
            previousDelay = delay;
            schedule(delay);
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
                fail(rejected);
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
            fail(new ResilienceException(
                    ctx.instance(),
                    "Retry '" + ctx.instance() + "' stopped: the runtime closed while waiting before attempt "
                            + (attempt + 1)));
        }

        private void fail(RuntimeException reason) {
            Throwable last = failures == null ? null : failures.get(failures.size() - 1);
            if (last != null) {
                reason.addSuppressed(last);
            }
            failedForGood(attempt, reason, null, start);
            promise.completeExceptionally(reason);
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
                fail(rejected);
            }
        }
    }
}
