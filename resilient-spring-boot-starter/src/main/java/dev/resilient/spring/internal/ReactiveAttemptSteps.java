package dev.resilient.spring.internal;

import dev.resilient.ContextPropagator;
import dev.resilient.bulkhead.Bulkhead;
import dev.resilient.bulkhead.BulkheadStep;
import dev.resilient.circuitbreaker.CircuitBreakerOpenException;
import dev.resilient.circuitbreaker.CircuitBreakerStep;
import dev.resilient.ratelimiter.RateLimitedException;
import dev.resilient.ratelimiter.RateLimiter;
import dev.resilient.ratelimiter.RateLimiterStep;
import dev.resilient.retry.RetryStep;
import dev.resilient.step.Exceptions;
import dev.resilient.step.StepContext;
import dev.resilient.timeout.TimeoutStep;
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

    /** The attempt's time limit; running out ends it as the timeout step says. */
    static Mono<Object> timeout(
            TimeoutStep step, StepContext ctx, RuntimeTimer timer, Mono<Object> inner, ReactivePipeline.Call call) {
        long nanos = step.config().timeout().toNanos();
        return Mono.defer(() -> inner.timeout(
                timer.after(nanos, ctx.runtime().contextPropagator().capture()),
                Mono.defer(() -> Mono.error(step.timedOut(call.args)))));
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

    /** The breaker's permission per attempt, decided and counted by the circuit breaker step itself. */
    static Mono<Object> guarded(CircuitBreakerStep step, Mono<Object> inner, ReactivePipeline.Call call) {
        return Mono.defer(() -> {
            CircuitBreakerStep.Permit permit;
            try {
                permit = step.permit(call.args);
            } catch (CircuitBreakerOpenException rejected) {
                return Mono.error(rejected);
            }
            return ReactivePipeline.watch(
                    inner,
                    value -> permit.end(null),
                    failure -> permit.end(Exceptions.unwrap(failure)),
                    permit::release);
        });
    }

    /** A permit per attempt from the call's limiter, the wait or the rejection decided by the rate limiter step. */
    static Mono<Object> limited(
            RateLimiterStep step, StepContext ctx, RuntimeTimer timer, Mono<Object> inner, ReactivePipeline.Call call) {
        return Mono.defer(() -> {
            // with rate-limit.key the call's key has a limiter of its own; a key that fails errors the Mono
            RateLimiter counted = step.limiter().forArguments(call.args);
            if (counted.shared()) {
                // a shared backend answers on its I/O thread: the reply is the one future on this path
                ContextPropagator.CapturedContext context =
                        ctx.runtime().contextPropagator().capture();
                return Mono.fromCompletionStage(counted::reservePermissionAsync)
                        .flatMap(reply -> timer.onExecutor(context)
                                .flatMap(tick -> afterReservation(step, counted, reply, ctx, timer, inner, call)));
            }
            return afterReservation(step, counted, counted.reservePermission(), ctx, timer, inner, call);
        });
    }

    private static Mono<Object> afterReservation(
            RateLimiterStep step,
            RateLimiter counted,
            long reply,
            StepContext ctx,
            RuntimeTimer timer,
            Mono<Object> inner,
            ReactivePipeline.Call call) {
        long wait;
        try {
            wait = step.decide(counted, reply, call.args);
        } catch (RateLimitedException rejected) {
            return Mono.error(rejected);
        }
        if (wait == 0) {
            return inner;
        }
        return timer.after(wait, ctx.runtime().contextPropagator().capture()).flatMap(tick -> inner);
    }

    /** A bulkhead slot per attempt; a refusal is the bulkhead step's own rejection. */
    static Mono<Object> bulkheaded(BulkheadStep step, StepContext ctx, Mono<Object> inner, ReactivePipeline.Call call) {
        Bulkhead bulkhead = step.bulkhead();
        long maxWaitNanos = bulkhead.config().maxWait().toNanos();
        return Mono.defer(() -> {
            if (maxWaitNanos == 0) {
                return bulkhead.tryAcquire() ? holding(bulkhead, inner) : Mono.error(step.rejected(call.args));
            }
            CompletableFuture<Boolean> permit =
                    bulkhead.acquireAsync(maxWaitNanos, ctx.runtime().scheduler());
            if (permit.isDone()) {
                return Boolean.TRUE.equals(permit.getNow(Boolean.FALSE))
                        ? holding(bulkhead, inner)
                        : Mono.error(step.rejected(call.args));
            }
            return queued(step, permit, ctx, inner, call);
        });
    }

    /**
     * Waits for a queued bulkhead slot: the bulkhead's queue answers with a future, the one on this
     * path; a cancelled wait withdraws the request (or gives back a slot granted meanwhile).
     */
    private static Mono<Object> queued(
            BulkheadStep step,
            CompletableFuture<Boolean> permit,
            StepContext ctx,
            Mono<Object> inner,
            ReactivePipeline.Call call) {
        Bulkhead bulkhead = step.bulkhead();
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
                : Mono.error(step.rejected(call.args)));
    }

    private static Mono<Object> holding(Bulkhead bulkhead, Mono<Object> inner) {
        return ReactivePipeline.watch(
                inner, value -> bulkhead.release(), failure -> bulkhead.release(), bulkhead::release);
    }
}
