package dev.resilient.ratelimiter;

import dev.resilient.ContextPropagator;
import dev.resilient.ResilienceRuntime;
import dev.resilient.event.EventType;
import dev.resilient.step.Step;
import dev.resilient.step.StepContext;
import dev.resilient.time.Cancellable;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The pipeline step that takes a permit from a {@link RateLimiter} before each attempt. When no
 * permit frees within the limiter's {@code maxWait} the attempt fails with a
 * {@link RateLimitedException} (and a {@code REJECTED} event). A synchronous call waits for its
 * reserved permit on the runtime's sleeper; an asynchronous one on the runtime's scheduler, then
 * continues on the runtime's async executor. With a shared backend an asynchronous call asks it
 * without blocking ({@link RateLimiter#reservePermissionAsync()}). With per-key limits the permit is
 * taken from the limiter of the call's key ({@link RateLimiter#forArguments(Object[])}); a key
 * function that throws fails the call before any permit is taken.
 */
public final class RateLimiterStep extends Step {

    static final String SOURCE = "rateLimiter";

    private final RateLimiter limiter;
    private final StepContext ctx;
    private final ResilienceRuntime runtime;

    public RateLimiterStep(RateLimiter limiter, StepContext ctx, Step next) {
        super(Objects.requireNonNull(next, "next"));
        this.limiter = Objects.requireNonNull(limiter, "limiter");
        this.ctx = Objects.requireNonNull(ctx, "ctx");
        this.runtime = ctx.runtime();
    }

    /** The limiter this step draws on. */
    public RateLimiter limiter() {
        return limiter;
    }

    @Override
    public <T> T execute(Callable<T> call, Object @Nullable [] args) throws Exception {
        RateLimiter counted = limiter.forArguments(args);
        long wait = decide(counted, counted.reservePermission(), args);
        if (wait > 0) {
            runtime.sleeper().sleep(wait);
        }
        return next.execute(call, args);
    }

    @Override
    public <T> CompletionStage<T> executeAsync(Supplier<? extends CompletionStage<T>> call, Object @Nullable [] args) {
        RateLimiter counted;
        try {
            counted = limiter.forArguments(args);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        if (counted.shared()) {
            // the backend's reply arrives on its I/O thread: continue on the runtime's async executor
            ContextPropagator.CapturedContext context =
                    runtime.contextPropagator().capture();
            return counted.reservePermissionAsync()
                    .thenComposeAsync(
                            reply -> {
                                try (ContextPropagator.Scope scope = context.restore()) {
                                    return afterReservation(counted, reply, call, args);
                                }
                            },
                            runtime.asyncExecutor());
        }
        return afterReservation(counted, counted.reservePermission(), call, args);
    }

    /**
     * The step's one decision, for both paths and for an integration that takes permits its own way
     * (a Reactor operator): the nanoseconds to wait before the call goes on (0: at once), or, for a
     * rejected {@code reply}, a {@link RateLimitedException} thrown (with its event published).
     *
     * @param counted the limiter the permit was asked of ({@link RateLimiter#forArguments})
     * @param reply its answer ({@link RateLimiter#reservePermission()} or the async one)
     */
    public long decide(RateLimiter counted, long reply, Object @Nullable [] args) {
        if (reply < 0) {
            throw rejected(counted, reply, args);
        }
        return reply;
    }

    private <T> CompletionStage<T> afterReservation(
            RateLimiter counted, long reply, Supplier<? extends CompletionStage<T>> call, Object @Nullable [] args) {
        long wait;
        try {
            wait = decide(counted, reply, args);
        } catch (RateLimitedException e) {
            return CompletableFuture.failedFuture(e);
        }
        if (wait == 0) {
            return callNext(call, args);
        }
        CompletableFuture<T> result = new CompletableFuture<>();
        ContextPropagator.CapturedContext context = runtime.contextPropagator().capture();
        Cancellable timer = runtime.scheduler().schedule(() -> continueAsync(call, args, result, context), wait);
        result.whenComplete((value, failure) -> {
            if (result.isCancelled()) {
                timer.cancel();
            }
        });
        return result;
    }

    private <T> void continueAsync(
            Supplier<? extends CompletionStage<T>> call,
            Object @Nullable [] args,
            CompletableFuture<T> result,
            ContextPropagator.CapturedContext context) {
        if (result.isDone()) {
            return;
        }
        try {
            runtime.asyncExecutor().execute(() -> {
                try (ContextPropagator.Scope scope = context.restore()) {
                    callNext(call, args).whenComplete((value, failure) -> {
                        if (failure == null) {
                            result.complete(value);
                        } else {
                            result.completeExceptionally(failure);
                        }
                    });
                }
            });
        } catch (RuntimeException rejectedByExecutor) {
            result.completeExceptionally(rejectedByExecutor);
        }
    }

    private <T> CompletionStage<T> callNext(Supplier<? extends CompletionStage<T>> call, Object @Nullable [] args) {
        try {
            return next.executeAsync(call, args);
        } catch (RuntimeException | Error e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private RateLimitedException rejected(RateLimiter counted, long reply, Object @Nullable [] args) {
        Duration untilPermit = Duration.ofNanos(counted.untilPermit(reply));
        if (ctx.eventsEnabled(EventType.REJECTED)) {
            ctx.publish(ctx.event(EventType.REJECTED, SOURCE)
                    .delay(untilPermit)
                    .arguments(args)
                    .detail("rate limit " + limiter.config().limit() + " per "
                            + limiter.config().period()));
        }
        return new RateLimitedException(ctx.instance(), untilPermit);
    }
}
