package dev.resilient.pipeline;

import dev.resilient.CallNotPermittedException;
import dev.resilient.internal.Exceptions;
import dev.resilient.pipeline.internal.IgnoredFailure;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * The composed steps of one named instance. Runs calls synchronously ({@link #execute(Callable)},
 * {@link #get(Supplier)}, {@link #run(Runnable)}) or asynchronously
 * ({@link #executeAsync(Supplier)}). Thread-safe; one instance serves all callers.
 */
public class ResiliencePipeline {

    private final StepContext context;
    private final Step head;

    public ResiliencePipeline(StepContext context, Step head) {
        this.context = Objects.requireNonNull(context, "context");
        this.head = Objects.requireNonNull(head, "head");
    }

    /** The instance name. */
    public String name() {
        return context.instance();
    }

    /** The instance's shared context: runtime, events, counters. */
    public StepContext context() {
        return context;
    }

    /** The instance's counters. */
    public PipelineStats stats() {
        return context.stats();
    }

    /** Runs {@code call} through the pipeline; its checked exceptions propagate unchanged. */
    public <T> T execute(Callable<T> call) throws Exception {
        return execute(call, null);
    }

    /**
     * Runs {@code call} through the pipeline with the call's arguments, used for failure-cache keys,
     * conditions and logging.
     */
    public <T> T execute(Callable<T> call, Object[] args) throws Exception {
        PipelineStats stats = context.stats();
        stats.recordCall();
        try {
            T result = head.execute(call, args);
            stats.recordReturn();
            return result;
        } catch (IgnoredFailure ignored) {
            stats.recordIgnored();
            throw Exceptions.sneakyThrow(ignored.getCause());
        } catch (Throwable failure) {
            recordFailure(stats, failure);
            throw failure;
        }
    }

    private static void recordFailure(PipelineStats stats, Throwable failure) {
        if (failure instanceof CallNotPermittedException) {
            stats.recordRejection();
        } else {
            stats.recordFailure();
        }
    }

    /** Runs {@code call}; a checked exception from the pipeline is rethrown as is (undeclared). */
    public <T> T get(Supplier<T> call) {
        try {
            return execute(call::get, null);
        } catch (Exception e) {
            throw Exceptions.sneakyThrow(e);
        }
    }

    /** Runs {@code call}, which returns nothing. */
    public void run(Runnable call) {
        get(() -> {
            call.run();
            return null;
        });
    }

    /** Runs an async call; the supplier is invoked once per attempt. */
    public <T> CompletionStage<T> executeAsync(Supplier<? extends CompletionStage<T>> call) {
        return executeAsync(call, null);
    }

    /** Runs an async call with its arguments; the supplier is invoked once per attempt. */
    public <T> CompletionStage<T> executeAsync(Supplier<? extends CompletionStage<T>> call, Object[] args) {
        PipelineStats stats = context.stats();
        stats.recordCall();
        CompletionStage<T> stage;
        try {
            stage = head.executeAsync(call, args);
        } catch (RuntimeException | Error e) {
            stage = CompletableFuture.failedFuture(e);
        }
        CompletableFuture<T> result = new CompletableFuture<>();
        stage.whenComplete((value, failure) -> {
            if (failure == null) {
                stats.recordReturn();
                result.complete(value);
                return;
            }
            Throwable cause = Exceptions.unwrap(failure);
            if (cause instanceof IgnoredFailure) {
                stats.recordIgnored();
                result.completeExceptionally(cause.getCause());
            } else {
                recordFailure(stats, cause);
                result.completeExceptionally(cause);
            }
        });
        return result;
    }
}
