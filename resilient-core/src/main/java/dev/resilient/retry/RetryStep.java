package dev.resilient.retry;

import dev.resilient.CallNotPermittedException;
import dev.resilient.ContextPropagator;
import dev.resilient.ResilienceException;
import dev.resilient.ResilienceRuntime;
import dev.resilient.event.EventType;
import dev.resilient.retry.internal.RetryLog;
import dev.resilient.step.Exceptions;
import dev.resilient.step.Step;
import dev.resilient.step.StepContext;
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
 *   <li>A failure that is not retryable is rethrown as is at once. A rejection by the library
 *       itself after failed attempts (the circuit opened during the retries) carries the retry's
 *       record, the method's last failure included, as a suppressed {@link RetryExhaustedException}.</li>
 *   <li>A retryable failure on the last attempt: {@link RetryExhaustedException}, or with
 *       {@link OnExhausted#LAST_FAILURE} that failure with the record attached.</li>
 *   <li>A retryable failure when the budget is spent: the failure itself.</li>
 * </ul>
 * Synchronous calls wait on the runtime's sleeper; an interrupt during the wait restores the
 * thread's interrupt flag and ends the call with an {@link InterruptedException} whose cause is the
 * last failure. Asynchronous calls wait on the runtime's scheduler and start the next attempt on the
 * runtime's async executor, with the caller's context restored by the runtime's
 * {@link ContextPropagator}; no thread is blocked. Cancelling the returned future stops the retries.
 * An integration that runs the attempts itself (Reactor's {@code retryWhen} in the Spring starter)
 * asks the same decision through {@link #decisions(Object[])}.
 *
 * <p>Events (each only when some listener accepts its type): {@code ATTEMPT} before each attempt, {@code RETRY} before each
 * wait (with the delay and the failure or result), {@code RETRIES_EXHAUSTED} when the attempts ran out.
 * The synchronous path allocates nothing when the first attempt succeeds and nobody listens.
 */
public final class RetryStep extends Step {

    private static final long NOT_TIMED = Long.MIN_VALUE;
    /** {@link #decide} verdict: the call ends with the attempt's own result or failure. */
    private static final long DONE = -1;
    /** {@link #decide} verdict: the attempts ran out on a retryable failure. */
    private static final long EXHAUSTED = -2;
    /** {@link #decide} verdict: the failure is not retryable. */
    private static final long REFUSED = -3;
    /**
     * {@link #decide} verdicts at or below this one: the next wait, {@code OUTLASTS - verdict}
     * nanoseconds, would end past {@link RetryConfig#maxDuration()}, so the retries give up now.
     */
    private static final long OUTLASTS = -4;

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
        long previousDelay = config.baseDelayNanos();
        List<Throwable> failures = null;
        for (int attempt = 1; ; attempt++) {
            attemptStarts(attempt, args);
            T result = null;
            Throwable failure = null;
            try {
                result = next.execute(call, args);
            } catch (Throwable t) {
                failure = t;
            }
            long verdict = decide(attempt, previousDelay, failure, result, start, args);
            if (verdict < 0) {
                if (failure == null) {
                    return result;
                }
                throw Exceptions.sneakyThrow(ending(verdict, attempt, failure, failures, start, args));
            }
            if (failure != null) {
                failures = remember(failures, failure);
            }
            sleep(attempt, verdict, failures == null ? null : failures.get(failures.size() - 1), start);
            previousDelay = verdict;
        }
    }

    @Override
    public <T> CompletionStage<T> executeAsync(Supplier<? extends CompletionStage<T>> call, Object[] args) {
        AsyncCall<T> asyncCall = new AsyncCall<>(call, args);
        asyncCall.attempt();
        return asyncCall.promise;
    }

    /**
     * The one decision after an attempt, shared by the sync and async paths: whether the call ends
     * and how, or how long to wait before the next attempt. Records the outcome (counters, callbacks,
     * RETRY events) of every verdict but {@link #EXHAUSTED}, which {@link #exhausted} records.
     *
     * @param failure what the attempt threw (unwrapped), or {@code null} when it returned
     * @param result what the attempt returned (when {@code failure} is {@code null})
     * @return the delay before the next attempt ({@code >= 0}); {@link #DONE} when the call ends
     *     with this attempt's own outcome; {@link #REFUSED} when the failure is not retried;
     *     {@link #EXHAUSTED} when the attempts ran out; {@link #OUTLASTS} or below when the next
     *     wait does not fit in the call's time ({@link #ending} turns each into what the call throws)
     */
    private long decide(int attempt, long previousDelay, Throwable failure, Object result, long start, Object[] args) {
        if (failure != null) {
            if (Step.passesThrough(failure)) {
                return DONE;
            }
            if (!config.isRetryable(failure)) {
                failedForGood(attempt, failure, null, start);
                return REFUSED;
            }
            boolean budgetAllows = retry.takeBudget();
            if (attempt >= config.maxAttempts()) {
                return EXHAUSTED;
            }
            if (!budgetAllows) {
                retry.recordBudgetDenial();
                failedForGood(attempt, failure, null, start);
                return DONE;
            }
        } else if (config.retryOnResult() == null || !config.isRetryableResult(result)) {
            succeeded(attempt, result, start);
            return DONE;
        } else {
            boolean budgetAllows = retry.takeBudget();
            if (attempt >= config.maxAttempts() || !budgetAllows) {
                resultExhausted(attempt, result, start, args, budgetAllows);
                return DONE;
            }
        }
        long delay = config.delayNanos(attempt, previousDelay, failure, result, runtime.random());
        if (failure != null && outlastsBudget(start, delay)) {
            return OUTLASTS - delay;
        }
        beforeRetry(attempt, failure, result, delay, start, args);
        return delay;
    }

    /** What a call ends with after a failed attempt's verdict below zero, the same for both paths. */
    private Throwable ending(
            long verdict, int attempt, Throwable failure, List<Throwable> failures, long start, Object[] args) {
        if (verdict == EXHAUSTED) {
            return exhausted(attempt, failure, failures, start, args, null);
        }
        if (verdict <= OUTLASTS) {
            return exhausted(attempt, failure, failures, start, args, budgetDetail(OUTLASTS - verdict));
        }
        if (verdict == REFUSED) {
            return refused(attempt, failure, failures);
        }
        return failure;
    }

    private void attemptStarts(int attempt, Object[] args) {
        if (ctx.eventsEnabled(EventType.ATTEMPT)) {
            ctx.publish(ctx.event(EventType.ATTEMPT, SOURCE).attempt(attempt).arguments(args));
        }
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

    /**
     * The retry decisions of one call, for an integration that runs the attempts and the waits
     * itself (such as Reactor's {@code retryWhen}): the step's one decision, with the same counters,
     * callbacks and events as its own paths. One call's attempts run one after another; hand the
     * object from thread to thread through something that orders the accesses (a scheduler, a
     * reactive operator).
     *
     * @param args the call's arguments, for events
     */
    public Decisions decisions(Object[] args) {
        return new Decisions(args);
    }

    /**
     * One call's retry state: the attempt number, the previous delay, the failures so far. Ask
     * {@link #attemptStarts()} before each attempt and {@link #afterAttempt} after it.
     */
    public final class Decisions {

        /** {@link #afterAttempt} answer: the call ends with this attempt's result, or {@link #ending}. */
        public static final long END = -1;

        private final Object[] args;
        private final long start = startTime();
        private int attempt;
        private long previousDelay = config.baseDelayNanos();
        private List<Throwable> failures;
        private long verdict = DONE;

        private Decisions(Object[] args) {
            this.args = args;
        }

        /** The number of the current attempt (1 for the first; 0 before it). */
        public int attempt() {
            return attempt;
        }

        /** An attempt starts: counts it and emits {@code ATTEMPT}; returns its number. */
        public int attemptStarts() {
            attempt++;
            RetryStep.this.attemptStarts(attempt, args);
            return attempt;
        }

        /**
         * Decides after the current attempt returned {@code result} ({@code failure} null) or failed
         * with {@code failure} (unwrapped): the delay in nanoseconds before the next attempt
         * ({@code >= 0}), or {@link #END}, after which a call that returned ends with that result and
         * one that failed with {@link #ending(Throwable)}.
         */
        public long afterAttempt(Throwable failure, Object result) {
            verdict = decide(attempt, previousDelay, failure, result, start, args);
            if (verdict < 0) {
                return END;
            }
            if (failure != null) {
                failures = remember(failures, failure);
            }
            previousDelay = verdict;
            return verdict;
        }

        /**
         * What a call whose last attempt failed with {@code failure} fails with, once
         * {@link #afterAttempt} answered {@link #END}: the failure itself, a
         * {@link RetryExhaustedException}, or the failure with the retry's record attached.
         */
        public Throwable ending(Throwable failure) {
            return RetryStep.this.ending(verdict, attempt, failure, failures, start, args);
        }

        /**
         * The call ends because its next attempt could not be started ({@code reason}, e.g. the
         * executor refused it): recorded as a failure, with the last failure attached as suppressed.
         */
        public <E extends RuntimeException> E stopped(E reason) {
            Throwable last = failures == null ? null : failures.get(failures.size() - 1);
            if (last != null) {
                reason.addSuppressed(last);
            }
            failedForGood(attempt, reason, null, start);
            return reason;
        }

        /** {@link #stopped} because the runtime closed while the call waited for its next attempt. */
        public ResilienceException runtimeClosed() {
            return stopped(new ResilienceException(
                    ctx.instance(),
                    "Retry '" + ctx.instance() + "' stopped: the runtime closed while waiting before attempt "
                            + (attempt + 1)));
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

    /**
     * A failure that ends the retries early; a rejection by the library after failed attempts gets
     * the retry's record (with the method's last failure) attached.
     */
    private Throwable refused(int attempt, Throwable failure, List<Throwable> failures) {
        if (failures == null || !(failure instanceof CallNotPermittedException)) {
            return failure;
        }
        Throwable last = failures.get(failures.size() - 1);
        return RetryExhaustedException.attach(
                failure, ctx.instance(), attempt, last, failures.subList(0, failures.size() - 1));
    }

    /** What a call whose attempts ran out throws, as {@link RetryConfig#onExhausted()} says. */
    private Throwable exhausted(
            int attempt, Throwable failure, List<Throwable> failures, long start, Object[] args, String detail) {
        RetryExhaustedException exhausted = new RetryExhaustedException(ctx.instance(), attempt, failure, failures);
        if (ctx.eventsEnabled(EventType.RETRIES_EXHAUSTED)) {
            ctx.publish(ctx.event(EventType.RETRIES_EXHAUSTED, SOURCE)
                    .attempt(attempt)
                    .failure(exhausted)
                    .elapsedNanos(elapsedNanos(start))
                    .arguments(args)
                    .detail(detail));
        }
        if (config.onExhausted() == OnExhausted.LAST_FAILURE) {
            failedForGood(attempt, failure, null, start);
            return RetryExhaustedException.attach(failure, ctx.instance(), attempt, failure, failures);
        }
        failedForGood(attempt, exhausted, null, start);
        return exhausted;
    }

    private void resultExhausted(int attempt, Object result, long start, Object[] args, boolean budgetAllows) {
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

    /** Whether waiting {@code delayNanos} now would end the call past {@link RetryConfig#maxDuration()}. */
    private boolean outlastsBudget(long start, long delayNanos) {
        long budget = config.maxDurationNanos();
        return budget > 0 && start != NOT_TIMED && delayNanos > budget - elapsedNanos(start);
    }

    private String budgetDetail(long delayNanos) {
        return "the next wait of " + Duration.ofNanos(delayNanos) + " does not fit in what is left of "
                + config.maxDuration();
    }

    /**
     * When a call starts, read only if someone will be told the elapsed time (callbacks, or the
     * RETRY / RETRIES_EXHAUSTED events, which carry it; ATTEMPT is included to keep the events of
     * one listener consistent): a clock read costs more than the rest of a retry that is not needed.
     */
    private long startTime() {
        return config.maxDurationNanos() > 0
                        || config.onRetry() != null
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
        private final Decisions decisions;
        private volatile Cancellable pending;
        private boolean cancelHookInstalled;
        private final ContextPropagator.CapturedContext context =
                runtime.contextPropagator().capture();

        AsyncCall(Supplier<? extends CompletionStage<T>> call, Object[] args) {
            this.call = call;
            this.args = args;
            this.decisions = new Decisions(args);
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
        public void accept(T value, Throwable error) {
            try {
                Throwable failure = error == null ? null : Exceptions.unwrap(error);
                long delay = decisions.afterAttempt(failure, value);
                if (delay == Decisions.END) {
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
}
