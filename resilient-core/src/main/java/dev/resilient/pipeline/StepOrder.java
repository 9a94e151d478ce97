package dev.resilient.pipeline;

import dev.resilient.bulkhead.Bulkhead;
import dev.resilient.bulkhead.BulkheadStep;
import dev.resilient.cache.FailureCache;
import dev.resilient.cache.FailureCacheConfig;
import dev.resilient.cache.FailureCacheStep;
import dev.resilient.cache.FailureStore;
import dev.resilient.circuitbreaker.CircuitBreaker;
import dev.resilient.circuitbreaker.CircuitBreakerStep;
import dev.resilient.condition.ConditionConfig;
import dev.resilient.condition.ConditionStep;
import dev.resilient.event.EventType;
import dev.resilient.fallback.FallbackStep;
import dev.resilient.observation.ObservationConfig;
import dev.resilient.observation.ObservationStep;
import dev.resilient.observation.aggregation.ErrorAggregator;
import dev.resilient.observation.aggregation.ErrorLimitStep;
import dev.resilient.ratelimiter.RateLimiter;
import dev.resilient.ratelimiter.RateLimiterStep;
import dev.resilient.recovery.CleanupStep;
import dev.resilient.recovery.RecoveryStep;
import dev.resilient.retry.Retry;
import dev.resilient.retry.RetryStep;
import dev.resilient.step.Step;
import dev.resilient.step.StepContext;
import dev.resilient.timeout.TimeoutStep;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The one written order of a pipeline, outer first. {@link PipelineAssembler} chains the steps from
 * it (inner to outer) and {@link PipelineConfig#describe()} lists the configured entries from it.
 * Entries without a step ({@code logging}, {@code alert}, {@code aggregation}) are listeners the
 * assembler attaches to the context; the error limit has a step but is described under
 * {@code aggregation}.
 */
enum StepOrder {
    CLEANUP("cleanup", PipelineConfig::cleanup, (a, next) -> a.config()
            .cleanup()
            .<Step>map(cleanup -> new CleanupStep(cleanup, a.context(), next))
            .orElse(next)),
    CONDITION("condition", PipelineConfig::condition, (a, next) -> {
        ConditionConfig condition = a.config().condition().orElse(null);
        return condition != null && condition.hasConditions() ? new ConditionStep(condition, a.context(), next) : next;
    }),
    // SUCCESS / FAILURE / SLOW_CALL come from the observation step; ATTEMPT listeners may write the
    // MDC attempt number, which the observation step removes when the call ends
    OBSERVATION("observation", PipelineConfig::observation, (a, next) -> {
        StepContext ctx = a.context();
        boolean needed = a.config().observation().isPresent()
                || ctx.eventsEnabled(EventType.SUCCESS)
                || ctx.eventsEnabled(EventType.FAILURE)
                || ctx.eventsEnabled(EventType.SLOW_CALL)
                || ctx.eventsEnabled(EventType.ATTEMPT);
        return needed
                ? new ObservationStep(a.config().observation().orElseGet(ObservationConfig::ofDefaults), ctx, next)
                : next;
    }),
    LOGGING("logging", PipelineConfig::logging, null),
    ALERT("alert", PipelineConfig::alert, null),
    AGGREGATION("aggregation", PipelineConfig::aggregation, null),
    FALLBACK("fallback", PipelineConfig::fallback, (a, next) -> a.config()
            .fallback()
            .<Step>map(fallback -> new FallbackStep(fallback, a.context(), next))
            .orElse(next)),
    RECOVERY("recovery", PipelineConfig::recovery, (a, next) -> a.config()
            .recovery()
            .<Step>map(recovery -> new RecoveryStep(recovery, a.context(), next))
            .orElse(next)),
    ERROR_LIMIT(null, PipelineConfig::aggregation, (a, next) -> {
        ErrorAggregator aggregator = a.aggregator();
        return aggregator != null && aggregator.config().errorLimit() > 0
                ? new ErrorLimitStep(aggregator, a.context(), next)
                : next;
    }),
    FAILURE_CACHE("failureCache", PipelineConfig::failureCache, (a, next) -> {
        if (a.config().failureCache().isEmpty()) {
            return next;
        }
        FailureCacheConfig cacheConfig = a.config().failureCache().get();
        FailureCache cache = FailureCache.of(cacheConfig, a.runtime());
        a.parts().failureCache(cache);
        FailureStore store =
                cacheConfig.store() == null ? cache : cacheConfig.store().create(a.name(), cacheConfig, cache);
        return new FailureCacheStep(cache, store, a.context(), next);
    }),
    RETRY("retry", PipelineConfig::retry, (a, next) -> {
        if (a.config().retry().isEmpty()) {
            return next;
        }
        Retry retry = Retry.of(a.name(), a.config().retry().get());
        a.parts().retry(retry);
        return new RetryStep(retry, a.context(), next);
    }),
    CIRCUIT_BREAKER("circuitBreaker", PipelineConfig::circuitBreaker, (a, next) -> {
        if (a.config().circuitBreaker().isEmpty()) {
            return next;
        }
        CircuitBreaker breaker =
                new CircuitBreaker(a.name(), a.config().circuitBreaker().get(), a.context());
        a.parts().circuitBreaker(breaker);
        if (a.config().circuitBreaker().get().sharedState() != null) {
            a.config().circuitBreaker().get().sharedState().attach(breaker);
        }
        return new CircuitBreakerStep(breaker, a.context(), next);
    }),
    RATE_LIMITER("rateLimiter", PipelineConfig::rateLimiter, (a, next) -> {
        if (a.config().rateLimiter().isEmpty()) {
            return next;
        }
        RateLimiter limiter = RateLimiter.of(
                a.name(), a.config().rateLimiter().get(), a.runtime().clock());
        a.parts().rateLimiter(limiter);
        return new RateLimiterStep(limiter, a.context(), next);
    }),
    BULKHEAD("bulkhead", PipelineConfig::bulkhead, (a, next) -> {
        if (a.config().bulkhead().isEmpty()) {
            return next;
        }
        Bulkhead bulkhead = Bulkhead.of(a.name(), a.config().bulkhead().get());
        a.parts().bulkhead(bulkhead);
        return new BulkheadStep(bulkhead, a.context(), next);
    }),
    TIMEOUT("timeout", PipelineConfig::timeout, (a, next) -> a.config()
            .timeout()
            .<Step>map(timeout -> new TimeoutStep(timeout, a.context(), next))
            .orElse(next));

    /** Puts a step around {@code next} when the pipeline has it; returns {@code next} when not. */
    @FunctionalInterface
    interface Wrapper {
        Step wrap(PipelineAssembler assembly, Step next);
    }

    private final @Nullable String key;
    private final Function<PipelineConfig, Optional<?>> config;
    private final @Nullable Wrapper wrapper;

    StepOrder(@Nullable String key, Function<PipelineConfig, Optional<?>> config, @Nullable Wrapper wrapper) {
        this.key = key;
        this.config = config;
        this.wrapper = wrapper;
    }

    /** The entry's name in {@link PipelineConfig#describe()}, or {@code null} when it is not described. */
    @Nullable
    String key() {
        return key;
    }

    /** The entry's configuration in {@code pipeline}, if it has one. */
    Optional<?> configIn(PipelineConfig pipeline) {
        return config.apply(pipeline);
    }

    /** Puts this entry's step around {@code next} if it has a step and the pipeline configures it. */
    Step wrap(PipelineAssembler assembly, Step next) {
        return wrapper == null ? next : wrapper.wrap(assembly, next);
    }
}
