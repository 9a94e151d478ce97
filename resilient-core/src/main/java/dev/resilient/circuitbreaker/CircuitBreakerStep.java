package dev.resilient.circuitbreaker;

import dev.resilient.CallNotPermittedException;
import dev.resilient.circuitbreaker.internal.BreakerState;
import dev.resilient.event.EventType;
import dev.resilient.event.ResilienceEvent;
import dev.resilient.step.Step;
import dev.resilient.step.StepContext;
import dev.resilient.time.Clock;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The pipeline step of a {@link CircuitBreaker}: every attempt asks for a permission (a refusal
 * throws {@link CircuitBreakerOpenException} and emits a REJECTED event), runs the inner steps,
 * measures the attempt with the runtime clock (only when slow-call detection is on: a clock read costs
 * more than the rest of the step) and records its outcome. A failure that passes through
 * ({@link Step#passesThrough(Throwable)}) or a rejection further in ({@link CallNotPermittedException})
 * gives the permission back uncounted. Each outcome counts for the period (closed or half-open) that
 * granted its permission. The synchronous success path allocates nothing.
 */
public final class CircuitBreakerStep extends Step {

    private final CircuitBreaker breaker;
    private final StepContext ctx;
    private final Clock clock;
    private final boolean timed;

    /** Guards {@code next} with {@code breaker}; events go through {@code ctx}. */
    public CircuitBreakerStep(CircuitBreaker breaker, StepContext ctx, Step next) {
        super(Objects.requireNonNull(next, "next"));
        this.breaker = Objects.requireNonNull(breaker, "breaker");
        this.ctx = Objects.requireNonNull(ctx, "ctx");
        this.clock = ctx.runtime().clock();
        this.timed = breaker.config().slowCallRateThreshold() > 0;
    }

    /** The guarding circuit breaker. */
    public CircuitBreaker circuitBreaker() {
        return breaker;
    }

    @Override
    public <T> T execute(Callable<T> call, Object @Nullable [] args) throws Exception {
        BreakerState permit = acquire(args);
        long start = now();
        T result;
        try {
            result = next.execute(call, args);
        } catch (Throwable failure) {
            record(permit, start, failure);
            throw failure;
        }
        record(permit, start, null);
        return result;
    }

    @Override
    public <T> CompletionStage<T> executeAsync(Supplier<? extends CompletionStage<T>> call, Object @Nullable [] args) {
        BreakerState permit;
        try {
            permit = acquire(args);
        } catch (CircuitBreakerOpenException rejected) {
            return CompletableFuture.failedFuture(rejected);
        }
        long start = now();
        return nextAsyncObserved(call, args, (value, failure) -> record(permit, start, failure));
    }

    /**
     * One attempt's permission, for an integration that runs attempts its own way (a Reactor
     * operator): the same decisions as {@link #execute} makes, the {@code REJECTED} event included.
     * End it exactly once, with {@link Permit#end} or, if the attempt was abandoned (cancelled),
     * {@link Permit#release}.
     *
     * @throws CircuitBreakerOpenException when the circuit refuses the attempt
     */
    public Permit permit(Object @Nullable [] args) {
        return new Permit(acquire(args), now());
    }

    /** A permission taken by {@link #permit}; it counts its attempt in the period that granted it. */
    public final class Permit {
        private final BreakerState period;
        private final long start;

        private Permit(BreakerState period, long start) {
            this.period = period;
            this.start = start;
        }

        /** The attempt ended: {@code failure} is what it threw (unwrapped), or null when it succeeded. */
        public void end(@Nullable Throwable failure) {
            record(period, start, failure);
        }

        /** The attempt was abandoned before it ended: the permission goes back uncounted. */
        public void release() {
            breaker.release(period);
        }
    }

    private BreakerState acquire(Object @Nullable [] args) {
        try {
            return breaker.acquireOrThrow();
        } catch (CircuitBreakerOpenException rejected) {
            if (ctx.eventsEnabled(EventType.REJECTED)) {
                ResilienceEvent.Builder event = ctx.event(EventType.REJECTED, CircuitBreaker.SOURCE)
                        .failure(rejected)
                        .arguments(args)
                        .detail(rejected.state().name());
                if (rejected.state() == CircuitState.OPEN) {
                    event.delay(rejected.remainingOpen());
                }
                ctx.publish(event);
            }
            throw rejected;
        }
    }

    /** The clock's time if calls are timed; 0 otherwise, so every duration is 0. */
    private long now() {
        return timed ? clock.nanoTime() : 0;
    }

    /**
     * The one decision after an attempt, shared by the sync and async paths: a success counts as
     * one, a failure that passes through or a rejection further in gives the permission back
     * uncounted, any other failure counts as an error.
     */
    private void record(BreakerState permit, long start, @Nullable Throwable failure) {
        if (failure == null) {
            breaker.onSuccess(permit, now() - start);
        } else if (Step.passesThrough(failure) || failure instanceof CallNotPermittedException) {
            breaker.release(permit);
        } else {
            breaker.onError(permit, now() - start, failure);
        }
    }
}
