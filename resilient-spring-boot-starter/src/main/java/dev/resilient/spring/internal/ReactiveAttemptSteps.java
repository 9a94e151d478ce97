package dev.resilient.spring.internal;

import dev.resilient.CallNotPermittedException;
import dev.resilient.ContextPropagator;
import dev.resilient.bulkhead.Bulkhead;
import dev.resilient.bulkhead.BulkheadFullException;
import dev.resilient.circuitbreaker.CircuitBreaker;
import dev.resilient.circuitbreaker.CircuitBreakerOpenException;
import dev.resilient.circuitbreaker.CircuitState;
import dev.resilient.event.EventType;
import dev.resilient.event.ResilienceEvent;
import dev.resilient.ratelimiter.RateLimitedException;
import dev.resilient.ratelimiter.RateLimiter;
import dev.resilient.retry.RetryStep;
import dev.resilient.step.Exceptions;
import dev.resilient.step.Step;
import dev.resilient.step.StepContext;
import dev.resilient.timeout.TimeoutExceededException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * The steps around each attempt of a {@code Mono} / {@code Flux} method as Reactor operators, for
 * {@link ReactivePipeline}: the retry ({@code retryWhen} asking the retry step's one decision), the
 * attempt timeout, and the circuit breaker's, rate limiter's and bulkhead's permits, taken from
 * their state machines on subscription and given back when the attempt ends or is cancelled.
 */
final class ReactiveAttemptSteps {

    private ReactiveAttemptSteps() {}

    static Mono<Object> timeout(
            Duration limit, StepContext ctx, RuntimeTimer timer, Mono<Object> inner, ReactivePipeline.Call call) {
        long nanos = limit.toNanos();
        return Mono.defer(() -> inner.timeout(
                timer.after(nanos, ctx.runtime().contextPropagator().capture()), Mono.defer(() -> {
                    if (ctx.eventsEnabled(EventType.TIMEOUT)) {
                        ctx.publish(ctx.event(EventType.TIMEOUT, "timeout")
                                .elapsed(limit)
                                .arguments(call.args)
                                .detail("timed out after " + limit));
                    }
                    return Mono.error(new TimeoutExceededException(ctx.instance(), limit));
                })));
    }

    /** Asks the next attempt for after {@code nanos}: how {@code retryWhen} learns of a decision to retry. */
    private static final class NextAttempt extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final long nanos;

        NextAttempt(long nanos) {
            super(null, null, false, false);
            this.nanos = nanos;
        }
    }

    static Mono<Object> retry(
            RetryStep step, StepContext ctx, RuntimeTimer timer, Mono<Object> inner, ReactivePipeline.Call call) {
        return Mono.defer(() -> {
            RetryStep.Decisions decisions = step.decisions(call.args);
            ContextPropagator.CapturedContext context =
                    ctx.runtime().contextPropagator().capture();
            return Mono.defer(() -> {
                        decisions.attemptStarts();
                        return inner;
                    })
                    .map(Optional::of)
                    .defaultIfEmpty(Optional.empty())
                    .onErrorResume(failure -> {
                        Throwable unwrapped = Exceptions.unwrap(failure);
                        long delay = decisions.afterAttempt(unwrapped, null);
                        return Mono.error(
                                delay == RetryStep.Decisions.END
                                        ? decisions.ending(unwrapped)
                                        : new NextAttempt(delay));
                    })
                    .flatMap(result -> {
                        long delay = decisions.afterAttempt(null, result.orElse(null));
                        return delay == RetryStep.Decisions.END
                                ? Mono.justOrEmpty(result)
                                : Mono.<Object>error(new NextAttempt(delay));
                    })
                    .retryWhen(Retry.from(signals -> signals.concatMap(signal -> {
                        if (!(signal.failure() instanceof NextAttempt next)) {
                            return Mono.<Long>error(signal.failure());
                        }
                        return next.nanos <= 0
                                ? Mono.just(0L)
                                : timer.after(next.nanos, context, decisions::stopped, decisions::runtimeClosed);
                    })));
        });
    }

    static Mono<Object> guarded(
            CircuitBreaker breaker, StepContext ctx, Mono<Object> inner, ReactivePipeline.Call call) {
        boolean timed = breaker.config().slowCallRateThreshold() > 0;
        return Mono.defer(() -> {
            try {
                breaker.acquirePermission();
            } catch (CircuitBreakerOpenException rejected) {
                if (ctx.eventsEnabled(EventType.REJECTED)) {
                    ResilienceEvent.Builder event = ctx.event(EventType.REJECTED, "circuitBreaker")
                            .failure(rejected)
                            .arguments(call.args)
                            .detail(rejected.state().name());
                    if (rejected.state() == CircuitState.OPEN) {
                        event.delay(rejected.remainingOpen());
                    }
                    ctx.publish(event);
                }
                return Mono.error(rejected);
            }
            long start = timed ? ctx.runtime().clock().nanoTime() : 0;
            return ReactivePipeline.watch(
                    inner,
                    value -> breaker.onSuccess(timed ? ctx.runtime().clock().nanoTime() - start : 0),
                    failure -> {
                        Throwable cause = Exceptions.unwrap(failure);
                        if (Step.passesThrough(cause) || cause instanceof CallNotPermittedException) {
                            breaker.releasePermission();
                        } else {
                            breaker.onError(timed ? ctx.runtime().clock().nanoTime() - start : 0, cause);
                        }
                    },
                    breaker::releasePermission);
        });
    }

    static Mono<Object> limited(
            RateLimiter limiter, StepContext ctx, RuntimeTimer timer, Mono<Object> inner, ReactivePipeline.Call call) {
        return Mono.defer(() -> {
            // with rate-limit.key the call's key has a limiter of its own; a key that fails errors the Mono
            RateLimiter counted = limiter.forArguments(call.args);
            if (counted.shared()) {
                // a shared backend answers on its I/O thread: the reply is the one future on this path
                ContextPropagator.CapturedContext context =
                        ctx.runtime().contextPropagator().capture();
                return Mono.fromCompletionStage(counted::reservePermissionAsync)
                        .flatMap(wait -> timer.onExecutor(context)
                                .flatMap(tick -> afterReservation(wait, counted, ctx, timer, inner, call)));
            }
            return afterReservation(counted.reservePermission(), counted, ctx, timer, inner, call);
        });
    }

    private static Mono<Object> afterReservation(
            long wait,
            RateLimiter limiter,
            StepContext ctx,
            RuntimeTimer timer,
            Mono<Object> inner,
            ReactivePipeline.Call call) {
        if (wait < 0) {
            Duration untilPermit = Duration.ofNanos(limiter.untilPermit(wait));
            if (ctx.eventsEnabled(EventType.REJECTED)) {
                ctx.publish(ctx.event(EventType.REJECTED, "rateLimiter")
                        .delay(untilPermit)
                        .arguments(call.args)
                        .detail("rate limit " + limiter.config().limit() + " per "
                                + limiter.config().period()));
            }
            return Mono.error(new RateLimitedException(ctx.instance(), untilPermit));
        }
        if (wait == 0) {
            return inner;
        }
        return timer.after(wait, ctx.runtime().contextPropagator().capture()).flatMap(tick -> inner);
    }

    static Mono<Object> bulkheaded(Bulkhead bulkhead, StepContext ctx, Mono<Object> inner, ReactivePipeline.Call call) {
        long maxWaitNanos = bulkhead.config().maxWait().toNanos();
        return Mono.defer(() -> {
            if (maxWaitNanos == 0) {
                return bulkhead.tryAcquire() ? holding(bulkhead, inner) : Mono.error(full(bulkhead, ctx, call));
            }
            CompletableFuture<Boolean> permit =
                    bulkhead.acquireAsync(maxWaitNanos, ctx.runtime().scheduler());
            if (permit.isDone()) {
                return Boolean.TRUE.equals(permit.getNow(Boolean.FALSE))
                        ? holding(bulkhead, inner)
                        : Mono.error(full(bulkhead, ctx, call));
            }
            return queued(bulkhead, permit, ctx, inner, call);
        });
    }

    /**
     * Waits for a queued bulkhead slot: the bulkhead's queue answers with a future, the one on this
     * path; a cancelled wait withdraws the request (or gives back a slot granted meanwhile).
     */
    private static Mono<Object> queued(
            Bulkhead bulkhead,
            CompletableFuture<Boolean> permit,
            StepContext ctx,
            Mono<Object> inner,
            ReactivePipeline.Call call) {
        AtomicBoolean owned = new AtomicBoolean();
        AtomicBoolean withdrawn = new AtomicBoolean();
        Runnable releaseIfOwned = () -> {
            if (owned.compareAndSet(true, false)) {
                bulkhead.release();
            }
        };
        Mono<Boolean> granted = Mono.create(sink -> {
            sink.onCancel(() -> {
                withdrawn.set(true);
                permit.complete(Boolean.FALSE);
                releaseIfOwned.run();
            });
            permit.whenComplete((answer, failure) -> {
                boolean yes = Boolean.TRUE.equals(answer);
                if (yes) {
                    owned.set(true);
                    if (withdrawn.get()) {
                        releaseIfOwned.run();
                        return;
                    }
                }
                try {
                    ctx.runtime().asyncExecutor().execute(() -> sink.success(yes));
                } catch (RuntimeException refused) {
                    releaseIfOwned.run();
                    sink.error(refused);
                }
            });
        });
        return granted.flatMap(yes -> yes
                ? ReactivePipeline.watch(
                        inner, value -> releaseIfOwned.run(), failure -> releaseIfOwned.run(), releaseIfOwned)
                : Mono.error(full(bulkhead, ctx, call)));
    }

    private static Mono<Object> holding(Bulkhead bulkhead, Mono<Object> inner) {
        return ReactivePipeline.watch(
                inner, value -> bulkhead.release(), failure -> bulkhead.release(), bulkhead::release);
    }

    private static BulkheadFullException full(Bulkhead bulkhead, StepContext ctx, ReactivePipeline.Call call) {
        if (ctx.eventsEnabled(EventType.REJECTED)) {
            ctx.publish(ctx.event(EventType.REJECTED, "bulkhead")
                    .arguments(call.args)
                    .detail("bulkhead full: " + bulkhead.config().maxConcurrent() + " concurrent calls"));
        }
        return new BulkheadFullException(ctx.instance(), bulkhead.config().maxConcurrent());
    }
}
