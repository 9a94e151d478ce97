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

/**
 * The immutable configuration of one pipeline: which steps it has and how each is configured. A
 * step whose configuration is absent is not in the pipeline. Build with {@link #builder()}.
 */
public final class PipelineConfig {

    private final RetryConfig retry;
    private final CircuitBreakerConfig circuitBreaker;
    private final RateLimiterConfig rateLimiter;
    private final BulkheadConfig bulkhead;
    private final TimeoutConfig timeout;
    private final FallbackConfig fallback;
    private final RecoveryConfig recovery;
    private final CleanupConfig cleanup;
    private final FailureCacheConfig failureCache;
    private final ConditionConfig condition;
    private final ObservationConfig observation;
    private final LoggingConfig logging;
    private final AlertConfig alert;
    private final AggregationConfig aggregation;

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
        private RetryConfig retry;
        private CircuitBreakerConfig circuitBreaker;
        private RateLimiterConfig rateLimiter;
        private BulkheadConfig bulkhead;
        private TimeoutConfig timeout;
        private FallbackConfig fallback;
        private RecoveryConfig recovery;
        private CleanupConfig cleanup;
        private FailureCacheConfig failureCache;
        private ConditionConfig condition;
        private ObservationConfig observation;
        private LoggingConfig logging;
        private AlertConfig alert;
        private AggregationConfig aggregation;

        private Builder() {}

        public Builder retry(RetryConfig retry) {
            this.retry = retry;
            return this;
        }

        public Builder circuitBreaker(CircuitBreakerConfig circuitBreaker) {
            this.circuitBreaker = circuitBreaker;
            return this;
        }

        public Builder rateLimiter(RateLimiterConfig rateLimiter) {
            this.rateLimiter = rateLimiter;
            return this;
        }

        public Builder bulkhead(BulkheadConfig bulkhead) {
            this.bulkhead = bulkhead;
            return this;
        }

        public Builder timeout(TimeoutConfig timeout) {
            this.timeout = timeout;
            return this;
        }

        /** A timeout of {@code limit} per attempt. */
        public Builder timeout(Duration limit) {
            this.timeout = limit == null ? null : TimeoutConfig.of(limit);
            return this;
        }

        public Builder fallback(FallbackConfig fallback) {
            this.fallback = fallback;
            return this;
        }

        public Builder recovery(RecoveryConfig recovery) {
            this.recovery = recovery;
            return this;
        }

        public Builder cleanup(CleanupConfig cleanup) {
            this.cleanup = cleanup;
            return this;
        }

        public Builder failureCache(FailureCacheConfig failureCache) {
            this.failureCache = failureCache;
            return this;
        }

        public Builder condition(ConditionConfig condition) {
            this.condition = condition;
            return this;
        }

        public Builder observation(ObservationConfig observation) {
            this.observation = observation;
            return this;
        }

        public Builder logging(LoggingConfig logging) {
            this.logging = logging;
            return this;
        }

        public Builder alert(AlertConfig alert) {
            this.alert = alert;
            return this;
        }

        public Builder aggregation(AggregationConfig aggregation) {
            this.aggregation = aggregation;
            return this;
        }

        public PipelineConfig build() {
            return new PipelineConfig(this);
        }
    }
}
