package dev.resilient.pipeline;

import dev.resilient.bulkhead.Bulkhead;
import dev.resilient.cache.FailureCache;
import dev.resilient.circuitbreaker.CircuitBreaker;
import dev.resilient.observation.aggregation.ErrorAggregator;
import dev.resilient.observation.alert.AlertManager;
import dev.resilient.ratelimiter.RateLimiter;
import dev.resilient.retry.Retry;
import dev.resilient.step.Step;
import dev.resilient.step.StepContext;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What an assembled pipeline is made of: its configuration, context, first step and the state
 * machines of its configured steps ({@code null} for steps it does not have).
 *
 * @param config the configuration it was built from
 * @param context the shared context of its steps
 * @param head the outermost step
 * @param retry the retry state, or {@code null}
 * @param circuitBreaker the circuit breaker, or {@code null}
 * @param rateLimiter the rate limiter, or {@code null}
 * @param bulkhead the bulkhead, or {@code null}
 * @param failureCache the failure cache, or {@code null}
 * @param alertManager the alert manager, or {@code null}
 * @param aggregator the error aggregator, or {@code null}
 */
public record PipelineParts(
        PipelineConfig config,
        StepContext context,
        Step head,
        @Nullable Retry retry,
        @Nullable CircuitBreaker circuitBreaker,
        @Nullable RateLimiter rateLimiter,
        @Nullable Bulkhead bulkhead,
        @Nullable FailureCache failureCache,
        @Nullable AlertManager alertManager,
        @Nullable ErrorAggregator aggregator) {

    public PipelineParts {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(context, "context");
        Objects.requireNonNull(head, "head");
    }

    public static Builder builder(PipelineConfig config, StepContext context) {
        return new Builder(config, context);
    }

    /** Collects the parts while a pipeline is assembled. */
    public static final class Builder {
        private final PipelineConfig config;
        private final StepContext context;
        private @Nullable Step head;
        private @Nullable Retry retry;
        private @Nullable CircuitBreaker circuitBreaker;
        private @Nullable RateLimiter rateLimiter;
        private @Nullable Bulkhead bulkhead;
        private @Nullable FailureCache failureCache;
        private @Nullable AlertManager alertManager;
        private @Nullable ErrorAggregator aggregator;

        private Builder(PipelineConfig config, StepContext context) {
            this.config = config;
            this.context = context;
        }

        public Builder head(Step head) {
            this.head = head;
            return this;
        }

        public Builder retry(Retry retry) {
            this.retry = retry;
            return this;
        }

        public Builder circuitBreaker(CircuitBreaker circuitBreaker) {
            this.circuitBreaker = circuitBreaker;
            return this;
        }

        public Builder rateLimiter(RateLimiter rateLimiter) {
            this.rateLimiter = rateLimiter;
            return this;
        }

        public Builder bulkhead(Bulkhead bulkhead) {
            this.bulkhead = bulkhead;
            return this;
        }

        public Builder failureCache(FailureCache failureCache) {
            this.failureCache = failureCache;
            return this;
        }

        public Builder alertManager(AlertManager alertManager) {
            this.alertManager = alertManager;
            return this;
        }

        public Builder aggregator(ErrorAggregator aggregator) {
            this.aggregator = aggregator;
            return this;
        }

        public PipelineParts build() {
            Step head = Objects.requireNonNull(this.head, "head");
            return new PipelineParts(
                    config,
                    context,
                    head,
                    retry,
                    circuitBreaker,
                    rateLimiter,
                    bulkhead,
                    failureCache,
                    alertManager,
                    aggregator);
        }
    }
}
