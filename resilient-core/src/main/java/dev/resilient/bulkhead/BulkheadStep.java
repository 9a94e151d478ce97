package dev.resilient.bulkhead;

import dev.resilient.ContextPropagator;
import dev.resilient.ResilienceRuntime;
import dev.resilient.event.EventType;
import dev.resilient.step.Step;
import dev.resilient.step.StepContext;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The pipeline step that holds a {@link Bulkhead} slot while each attempt runs and gives it back
 * when the attempt ends, however it ends. When no slot frees within {@code maxWait} the attempt
 * fails with a {@link BulkheadFullException} (and a {@code REJECTED} event). A synchronous caller
 * waits blocked on the bulkhead's fair semaphore; an asynchronous one is queued without blocking
 * and resumes on the runtime's async executor.
 */
public final class BulkheadStep extends Step {

    static final String SOURCE = "bulkhead";

    private final Bulkhead bulkhead;
    private final StepContext ctx;
    private final ResilienceRuntime runtime;
    private final long maxWaitNanos;

    public BulkheadStep(Bulkhead bulkhead, StepContext ctx, Step next) {
        super(Objects.requireNonNull(next, "next"));
        this.bulkhead = Objects.requireNonNull(bulkhead, "bulkhead");
        this.ctx = Objects.requireNonNull(ctx, "ctx");
        this.runtime = ctx.runtime();
        this.maxWaitNanos = bulkhead.config().maxWait().toNanos();
    }

    /** The bulkhead this step guards. */
    public Bulkhead bulkhead() {
        return bulkhead;
    }

    @Override
    public <T> T execute(Callable<T> call, Object @Nullable [] args) throws Exception {
        boolean permitted =
                maxWaitNanos == 0 ? bulkhead.tryAcquire() : bulkhead.tryAcquire(maxWaitNanos, TimeUnit.NANOSECONDS);
        if (!permitted) {
            throw rejected(args);
        }
        try {
            return next.execute(call, args);
        } finally {
            bulkhead.release();
        }
    }

    @Override
    public <T> CompletionStage<T> executeAsync(Supplier<? extends CompletionStage<T>> call, Object @Nullable [] args) {
        CompletableFuture<Boolean> permit = bulkhead.acquireAsync(maxWaitNanos, runtime.scheduler());
        if (permit.isDone()) {
            return admitted(Boolean.TRUE.equals(permit.getNow(Boolean.FALSE)), call, args);
        }
        CompletableFuture<T> result = new CompletableFuture<>();
        ContextPropagator.CapturedContext context = runtime.contextPropagator().capture();
        permit.whenComplete((granted, failure) -> {
            boolean permitted = Boolean.TRUE.equals(granted);
            try {
                runtime.asyncExecutor().execute(() -> {
                    try (ContextPropagator.Scope scope = context.restore()) {
                        resume(permitted, call, args, result);
                    }
                });
            } catch (RuntimeException rejectedByExecutor) {
                if (permitted) {
                    bulkhead.release();
                }
                result.completeExceptionally(rejectedByExecutor);
            }
        });
        result.whenComplete((value, failure) -> {
            if (result.isCancelled()) {
                permit.complete(Boolean.FALSE);
            }
        });
        return result;
    }

    /** Continues a queued async call on the async executor once it got a slot or timed out. */
    private <T> void resume(
            boolean permitted,
            Supplier<? extends CompletionStage<T>> call,
            Object @Nullable [] args,
            CompletableFuture<T> result) {
        if (result.isDone()) {
            if (permitted) {
                bulkhead.release();
            }
            return;
        }
        relay(admitted(permitted, call, args), result);
    }

    /**
     * The async decision once the slot is granted or refused: the inner steps run holding the slot,
     * which goes back when their stage completes; a refusal is a {@link BulkheadFullException}.
     */
    private <T> CompletionStage<T> admitted(
            boolean permitted, Supplier<? extends CompletionStage<T>> call, Object @Nullable [] args) {
        if (!permitted) {
            return CompletableFuture.failedFuture(rejected(args));
        }
        return nextAsyncObserved(call, args, (value, failure) -> bulkhead.release());
    }

    /**
     * The rejection of an attempt that got no slot, with its {@code REJECTED} event published: what
     * {@link #execute} throws, for an integration that takes the bulkhead's slots its own way.
     */
    public BulkheadFullException rejected(Object @Nullable [] args) {
        if (ctx.eventsEnabled(EventType.REJECTED)) {
            ctx.publish(ctx.event(EventType.REJECTED, SOURCE)
                    .arguments(args)
                    .detail("bulkhead full: " + bulkhead.config().maxConcurrent() + " concurrent calls"));
        }
        return new BulkheadFullException(ctx.instance(), bulkhead.config().maxConcurrent());
    }
}
