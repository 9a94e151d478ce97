package dev.resilient.pipeline;

import dev.resilient.bulkhead.BulkheadConfig;
import dev.resilient.cache.FailureCacheConfig;
import dev.resilient.circuitbreaker.CircuitBreakerConfig;
import dev.resilient.condition.ConditionConfig;
import dev.resilient.fallback.FallbackConfig;
import dev.resilient.observation.ObservationConfig;
import dev.resilient.observation.aggregation.AggregationConfig;
import dev.resilient.observation.alert.AlertConfig;
import dev.resilient.observation.logging.LoggingConfig;
import dev.resilient.ratelimiter.RateLimiterConfig;
import dev.resilient.recovery.CleanupConfig;
import dev.resilient.recovery.RecoveryConfig;
import dev.resilient.retry.RetryConfig;
import dev.resilient.timeout.TimeoutConfig;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The immutable configuration of one pipeline: which steps it has and how each is configured. A
 * step whose configuration is absent is not in the pipeline. Build with {@link #builder()}.
 */
public final class PipelineConfig {

    private final @Nullable RetryConfig retry;
    private final @Nullable CircuitBreakerConfig circuitBreaker;
    private final @Nullable RateLimiterConfig rateLimiter;
    private final @Nullable BulkheadConfig bulkhead;
    private final @Nullable TimeoutConfig timeout;
    private final @Nullable FallbackConfig fallback;
    private final @Nullable RecoveryConfig recovery;
    private final @Nullable CleanupConfig cleanup;
    private final @Nullable FailureCacheConfig failureCache;
    private final @Nullable ConditionConfig condition;
    private final @Nullable ObservationConfig observation;
    private final @Nullable LoggingConfig logging;
    private final @Nullable AlertConfig alert;
    private final @Nullable AggregationConfig aggregation;

    private PipelineConfig(Builder b) {
        this.retry = b.retry;
        this.circuitBreaker = b.circuitBreaker;
        this.rateLimiter = b.rateLimiter;
        this.bulkhead = b.bulkhead;
        this.timeout = b.timeout;
        this.fallback = b.fallback;
        this.recovery = b.recovery;
        this.cleanup = b.cleanup;
        this.failureCache = b.failureCache;
        this.condition = b.condition;
        this.observation = b.observation;
        this.logging = b.logging;
        this.alert = b.alert;
        this.aggregation = b.aggregation;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A pipeline with no steps: the call runs as is, counted. */
    public static PipelineConfig empty() {
        return builder().build();
    }

    /** A builder starting from this configuration. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.retry = retry;
        b.circuitBreaker = circuitBreaker;
        b.rateLimiter = rateLimiter;
        b.bulkhead = bulkhead;
        b.timeout = timeout;
        b.fallback = fallback;
        b.recovery = recovery;
        b.cleanup = cleanup;
        b.failureCache = failureCache;
        b.condition = condition;
        b.observation = observation;
        b.logging = logging;
        b.alert = alert;
        b.aggregation = aggregation;
        return b;
    }

    public Optional<RetryConfig> retry() {
        return Optional.ofNullable(retry);
    }

    public Optional<CircuitBreakerConfig> circuitBreaker() {
        return Optional.ofNullable(circuitBreaker);
    }

    public Optional<RateLimiterConfig> rateLimiter() {
        return Optional.ofNullable(rateLimiter);
    }

    public Optional<BulkheadConfig> bulkhead() {
        return Optional.ofNullable(bulkhead);
    }

    public Optional<TimeoutConfig> timeout() {
        return Optional.ofNullable(timeout);
    }

    public Optional<FallbackConfig> fallback() {
        return Optional.ofNullable(fallback);
    }

    public Optional<RecoveryConfig> recovery() {
        return Optional.ofNullable(recovery);
    }

    public Optional<CleanupConfig> cleanup() {
        return Optional.ofNullable(cleanup);
    }

    public Optional<FailureCacheConfig> failureCache() {
        return Optional.ofNullable(failureCache);
    }

    public Optional<ConditionConfig> condition() {
        return Optional.ofNullable(condition);
    }

    public Optional<ObservationConfig> observation() {
        return Optional.ofNullable(observation);
    }

    public Optional<LoggingConfig> logging() {
        return Optional.ofNullable(logging);
    }

    public Optional<AlertConfig> alert() {
        return Optional.ofNullable(alert);
    }

    public Optional<AggregationConfig> aggregation() {
        return Optional.ofNullable(aggregation);
    }

    /**
     * Each configured step's configuration by step name, in pipeline order (outer first), as
     * {@link StepOrder} lists them.
     */
    public Map<String, Object> describe() {
        Map<String, Object> steps = new LinkedHashMap<>();
        for (StepOrder entry : StepOrder.values()) {
            String key = entry.key();
            if (key != null) {
                entry.configIn(this).ifPresent(config -> steps.put(key, config.toString()));
            }
        }
        return steps;
    }

    @Override
    public String toString() {
        return "PipelineConfig" + describe();
    }

    /** Builds a {@link PipelineConfig}; {@code null} removes a step. */
    public static final class Builder {
        private @Nullable RetryConfig retry;
        private @Nullable CircuitBreakerConfig circuitBreaker;
        private @Nullable RateLimiterConfig rateLimiter;
        private @Nullable BulkheadConfig bulkhead;
        private @Nullable TimeoutConfig timeout;
        private @Nullable FallbackConfig fallback;
        private @Nullable RecoveryConfig recovery;
        private @Nullable CleanupConfig cleanup;
        private @Nullable FailureCacheConfig failureCache;
        private @Nullable ConditionConfig condition;
        private @Nullable ObservationConfig observation;
        private @Nullable LoggingConfig logging;
        private @Nullable AlertConfig alert;
        private @Nullable AggregationConfig aggregation;

        private Builder() {}

        public Builder retry(@Nullable RetryConfig retry) {
            this.retry = retry;
            return this;
        }

        public Builder circuitBreaker(@Nullable CircuitBreakerConfig circuitBreaker) {
            this.circuitBreaker = circuitBreaker;
            return this;
        }

        public Builder rateLimiter(@Nullable RateLimiterConfig rateLimiter) {
            this.rateLimiter = rateLimiter;
            return this;
        }

        public Builder bulkhead(@Nullable BulkheadConfig bulkhead) {
            this.bulkhead = bulkhead;
            return this;
        }

        public Builder timeout(@Nullable TimeoutConfig timeout) {
            this.timeout = timeout;
            return this;
        }

        /** A timeout of {@code limit} per attempt. */
        public Builder timeout(@Nullable Duration limit) {
            this.timeout = limit == null ? null : TimeoutConfig.of(limit);
            return this;
        }

        public Builder fallback(@Nullable FallbackConfig fallback) {
            this.fallback = fallback;
            return this;
        }

        public Builder recovery(@Nullable RecoveryConfig recovery) {
            this.recovery = recovery;
            return this;
        }

        public Builder cleanup(@Nullable CleanupConfig cleanup) {
            this.cleanup = cleanup;
            return this;
        }

        public Builder failureCache(@Nullable FailureCacheConfig failureCache) {
            this.failureCache = failureCache;
            return this;
        }

        public Builder condition(@Nullable ConditionConfig condition) {
            this.condition = condition;
            return this;
        }

        public Builder observation(@Nullable ObservationConfig observation) {
            this.observation = observation;
            return this;
        }

        public Builder logging(@Nullable LoggingConfig logging) {
            this.logging = logging;
            return this;
        }

        public Builder alert(@Nullable AlertConfig alert) {
            this.alert = alert;
            return this;
        }

        public Builder aggregation(@Nullable AggregationConfig aggregation) {
            this.aggregation = aggregation;
            return this;
        }

        public PipelineConfig build() {
            return new PipelineConfig(this);
        }
    }
}
