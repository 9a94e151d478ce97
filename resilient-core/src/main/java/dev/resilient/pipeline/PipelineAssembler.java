package dev.resilient.pipeline;

import dev.resilient.ResilienceRuntime;
import dev.resilient.bulkhead.Bulkhead;
import dev.resilient.bulkhead.BulkheadStep;
import dev.resilient.cache.FailureCache;
import dev.resilient.cache.FailureCacheStep;
import dev.resilient.circuitbreaker.CircuitBreaker;
import dev.resilient.circuitbreaker.CircuitBreakerStep;
import dev.resilient.condition.ConditionConfig;
import dev.resilient.condition.ConditionStep;
import dev.resilient.condition.IgnoringTerminalStep;
import dev.resilient.event.EventType;
import dev.resilient.fallback.FallbackStep;
import dev.resilient.observation.ObservationConfig;
import dev.resilient.observation.ObservationStep;
import dev.resilient.observation.aggregation.ErrorAggregator;
import dev.resilient.observation.aggregation.ErrorLimitStep;
import dev.resilient.observation.alert.AlertManager;
import dev.resilient.observation.logging.LoggingListener;
import dev.resilient.ratelimiter.RateLimiter;
import dev.resilient.ratelimiter.RateLimiterStep;
import dev.resilient.recovery.CleanupStep;
import dev.resilient.recovery.RecoveryStep;
import dev.resilient.retry.Retry;
import dev.resilient.retry.RetryStep;
import dev.resilient.step.Step;
import dev.resilient.step.StepContext;
import dev.resilient.timeout.TimeoutStep;

/**
 * Builds the steps of one pipeline from its configuration, inner to outer, in the documented order:
 * cleanup → condition → observation → fallback → recovery → error limit → failure cache → retry →
 * circuit breaker → rate limiter → bulkhead → timeout → the call.
 */
public final class PipelineAssembler {

    private PipelineAssembler() {}

    /** Creates the state machines and chains the steps of {@code config} for instance {@code name}. */
    public static PipelineParts assemble(String name, PipelineConfig config, ResilienceRuntime runtime) {
        StepContext ctx = StepContext.of(name, runtime);
        PipelineParts.Builder parts = PipelineParts.builder(config, ctx);

        config.logging().ifPresent(logging -> ctx.events().addListener(new LoggingListener(logging)));
        config.alert().ifPresent(alert -> {
            parts.alertManager(new AlertManager(alert, runtime).attachTo(ctx));
        });
        ErrorAggregator aggregator = config.aggregation()
                .map(aggregation -> new ErrorAggregator(aggregation, runtime))
                .orElse(null);
        if (aggregator != null) {
            parts.aggregator(aggregator.attachTo(ctx));
        }

        ConditionConfig condition = config.condition().orElse(null);
        Step step = condition != null && condition.hasIgnoreWhen()
                ? new IgnoringTerminalStep(condition.ignoreWhen(), ctx)
                : Step.terminal();

        if (config.timeout().isPresent()) {
            step = new TimeoutStep(config.timeout().get(), ctx, step);
        }
        if (config.bulkhead().isPresent()) {
            Bulkhead bulkhead = Bulkhead.of(name, config.bulkhead().get());
            parts.bulkhead(bulkhead);
            step = new BulkheadStep(bulkhead, ctx, step);
        }
        if (config.rateLimiter().isPresent()) {
            RateLimiter limiter = RateLimiter.of(name, config.rateLimiter().get(), runtime.clock());
            parts.rateLimiter(limiter);
            step = new RateLimiterStep(limiter, ctx, step);
        }
        if (config.circuitBreaker().isPresent()) {
            CircuitBreaker breaker =
                    new CircuitBreaker(name, config.circuitBreaker().get(), ctx);
            parts.circuitBreaker(breaker);
            step = new CircuitBreakerStep(breaker, ctx, step);
        }
        if (config.retry().isPresent()) {
            Retry retry = Retry.of(name, config.retry().get());
            parts.retry(retry);
            step = new RetryStep(retry, ctx, step);
        }
        if (config.failureCache().isPresent()) {
            FailureCache cache = FailureCache.of(config.failureCache().get(), runtime);
            parts.failureCache(cache);
            step = new FailureCacheStep(cache, ctx, step);
        }
        if (aggregator != null && config.aggregation().get().errorLimit() > 0) {
            step = new ErrorLimitStep(aggregator, ctx, step);
        }
        if (config.recovery().isPresent()) {
            step = new RecoveryStep(config.recovery().get(), ctx, step);
        }
        if (config.fallback().isPresent()) {
            step = new FallbackStep(config.fallback().get(), ctx, step);
        }
        // SUCCESS / FAILURE / SLOW_CALL come from the observation step; ATTEMPT listeners may write the
        // MDC attempt number, which the observation step removes when the call ends
        if (config.observation().isPresent()
                || ctx.eventsEnabled(EventType.SUCCESS)
                || ctx.eventsEnabled(EventType.FAILURE)
                || ctx.eventsEnabled(EventType.SLOW_CALL)
                || ctx.eventsEnabled(EventType.ATTEMPT)) {
            step = new ObservationStep(config.observation().orElseGet(ObservationConfig::ofDefaults), ctx, step);
        }
        if (condition != null && condition.hasConditions()) {
            step = new ConditionStep(condition, ctx, step);
        }
        if (config.cleanup().isPresent()) {
            step = new CleanupStep(config.cleanup().get(), ctx, step);
        }
        return parts.head(step).build();
    }
}
