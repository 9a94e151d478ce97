package dev.resilient.pipeline;

import dev.resilient.CallNotPermittedException;
import dev.resilient.ResilienceRuntime;
import dev.resilient.bulkhead.Bulkhead;
import dev.resilient.cache.FailureCache;
import dev.resilient.circuitbreaker.CircuitBreaker;
import dev.resilient.observation.aggregation.ErrorAggregator;
import dev.resilient.observation.alert.AlertManager;
import dev.resilient.ratelimiter.RateLimiter;
import dev.resilient.retry.Retry;
import dev.resilient.step.Exceptions;
import dev.resilient.step.IgnoredFailure;
import dev.resilient.step.PipelineStats;
import dev.resilient.step.Step;
import dev.resilient.step.StepContext;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The composed steps of one named instance. Runs calls synchronously ({@link #execute(Callable)},
 * {@link #get(Supplier)}, {@link #run(Runnable)}) or asynchronously
 * ({@link #executeAsync(Supplier)}). Thread-safe; one instance serves all callers.
 */
public class ResiliencePipeline implements AutoCloseable {

    private final StepContext context;
    private final Step head;
    private final PipelineParts parts;

    /** A pipeline of hand-made steps, with no configuration of its own. */
    public ResiliencePipeline(StepContext context, Step head) {
        this.context = Objects.requireNonNull(context, "context");
        this.head = Objects.requireNonNull(head, "head");
        this.parts = PipelineParts.builder(PipelineConfig.empty(), context)
                .head(head)
                .build();
    }

    private ResiliencePipeline(PipelineParts parts, Step head) {
        this.parts = parts;
        this.context = parts.context();
        this.head = Objects.requireNonNull(head, "head");
    }

    /**
     * This pipeline with {@code head} as its outermost step: the same configuration, state machines,
     * context and counters ({@link #config()}, {@link #retry()}, {@link #circuitBreaker()}, …
     * answer as here), for an integration that puts steps of its own around this instance's steps
     * (see {@link #head()}).
     */
    public ResiliencePipeline withHead(Step head) {
        return new ResiliencePipeline(parts, head);
    }

    /** A pipeline of assembled parts. */
    public ResiliencePipeline(PipelineParts parts) {
        this.parts = Objects.requireNonNull(parts, "parts");
        this.context = parts.context();
        this.head = parts.head();
    }

    /**
     * Builds the pipeline {@code config} describes for instance {@code name}, on the shared default
     * runtime. State machines are this pipeline's own; use a {@link dev.resilient.pipeline.ResilienceRegistry}
     * to share them by name.
     */
    public static ResiliencePipeline of(String name, PipelineConfig config) {
        return of(name, config, ResilienceRuntime.shared());
    }

    /** Builds the pipeline {@code config} describes for instance {@code name} on {@code runtime}. */
    public static ResiliencePipeline of(String name, PipelineConfig config, ResilienceRuntime runtime) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("name must not be blank but was '" + name + "'");
        }
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(runtime, "runtime");
        return new ResiliencePipeline(PipelineAssembler.assemble(name, config, runtime));
    }

    /** The configuration this pipeline was built from. */
    public PipelineConfig config() {
        return parts.config();
    }

    /** The retry state, if the pipeline retries. */
    public Optional<Retry> retry() {
        return Optional.ofNullable(parts.retry());
    }

    /** The circuit breaker, if the pipeline has one. */
    public Optional<CircuitBreaker> circuitBreaker() {
        return Optional.ofNullable(parts.circuitBreaker());
    }

    /** The rate limiter, if the pipeline has one. */
    public Optional<RateLimiter> rateLimiter() {
        return Optional.ofNullable(parts.rateLimiter());
    }

    /** The bulkhead, if the pipeline has one. */
    public Optional<Bulkhead> bulkhead() {
        return Optional.ofNullable(parts.bulkhead());
    }

    /** The failure cache, if the pipeline has one. */
    public Optional<FailureCache> failureCache() {
        return Optional.ofNullable(parts.failureCache());
    }

    /** The alert manager, if the pipeline alerts. */
    public Optional<AlertManager> alertManager() {
        return Optional.ofNullable(parts.alertManager());
    }

    /** The error aggregator, if the pipeline aggregates errors. */
    public Optional<ErrorAggregator> aggregator() {
        return Optional.ofNullable(parts.aggregator());
    }

    /** Flushes what the pipeline buffers (aggregated errors), so nothing collected is lost. */
    @Override
    public void close() {
        if (parts.aggregator() != null) {
            parts.aggregator().close();
        }
    }

    /** The instance name. */
    public String name() {
        return context.instance();
    }

    /** The instance's shared context: runtime, events, counters. */
    public StepContext context() {
        return context;
    }

    /**
     * The outermost step. Lets an integration put its own steps around this instance's steps (a
     * wrapping {@link ResiliencePipeline} on the same {@link #context()} counts each call once).
     */
    public Step head() {
        return head;
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
    public <T> T execute(Callable<T> call, Object @Nullable [] args) throws Exception {
        PipelineStats stats = context.stats();
        stats.recordCall();
        try {
            T result = head.execute(call, args);
            stats.recordReturn();
            return result;
        } catch (IgnoredFailure ignored) {
            stats.recordIgnored();
            throw Exceptions.sneakyThrow(ignored.original());
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
    public <T> CompletionStage<T> executeAsync(Supplier<? extends CompletionStage<T>> call, Object @Nullable [] args) {
        PipelineStats stats = context.stats();
        stats.recordCall();
        CompletionStage<T> stage;
        try {
            stage = head.executeAsync(call, args);
        } catch (RuntimeException | Error e) {
            stage = CompletableFuture.failedFuture(e);
        }
        CompletableFuture<T> result = Step.cancellingInner(stage);
        stage.whenComplete((value, failure) -> {
            if (failure == null) {
                stats.recordReturn();
                result.complete(value);
                return;
            }
            Throwable cause = Exceptions.unwrap(failure);
            if (cause instanceof IgnoredFailure ignored) {
                stats.recordIgnored();
                result.completeExceptionally(ignored.original());
            } else {
                recordFailure(stats, cause);
                result.completeExceptionally(cause);
            }
        });
        return result;
    }
}
