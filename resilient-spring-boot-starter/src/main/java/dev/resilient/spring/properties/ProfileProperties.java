package dev.resilient.spring.properties;

import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.NestedConfigurationProperty;

/**
 * Settings of one profile. Every value is optional: an unset value (null) is taken from the
 * profiles merged before it and in the end from the built-in defaults.
 */
public class ProfileProperties {

    /**
     * Retry settings.
     */
    @NestedConfigurationProperty
    private RetryProperties retry = new RetryProperties();

    /**
     * Circuit breaker settings.
     */
    @NestedConfigurationProperty
    private CircuitBreakerProperties circuitBreaker = new CircuitBreakerProperties();

    /**
     * Rate limiter settings.
     */
    @NestedConfigurationProperty
    private RateLimitProperties rateLimit = new RateLimitProperties();

    /**
     * Bulkhead settings.
     */
    @NestedConfigurationProperty
    private BulkheadProperties bulkhead = new BulkheadProperties();

    /**
     * Timeout of each attempt; unset means no timeout.
     */
    private @Nullable Duration timeout;

    /**
     * What Redis-backed state does while Redis fails or is slow: allow, deny or local (the default:
     * this instance's in-memory state with the profile's limits).
     */
    private @Nullable BackendFailure onBackendFailure;

    /**
     * Timeout of the whole call, retries and their delays included; unset means no total timeout.
     */
    private @Nullable Duration totalTimeout;

    /**
     * Calls slower than this are logged and counted as slow.
     */
    private @Nullable Duration slowThreshold;

    /**
     * How a method returning a Flux delivers its elements: buffer (each attempt's elements are
     * emitted once it succeeded; a retry never replays part of a stream) or stream (elements are
     * emitted as they come; only a failure before the first element is retried).
     */
    private @Nullable FluxMode fluxMode;

    /**
     * Fallback and suppression settings.
     */
    @NestedConfigurationProperty
    private FallbackProperties fallback = new FallbackProperties();

    /**
     * Failure cache settings.
     */
    @NestedConfigurationProperty
    private FailureCacheProperties failureCache = new FailureCacheProperties();

    /**
     * Alerting settings.
     */
    @NestedConfigurationProperty
    private AlertProperties alert = new AlertProperties();

    /**
     * Error aggregation settings.
     */
    @NestedConfigurationProperty
    private AggregateProperties aggregate = new AggregateProperties();

    /**
     * Call logging settings.
     */
    @NestedConfigurationProperty
    private LoggingProperties logging = new LoggingProperties();

    /**
     * Stack trace settings for logged failures.
     */
    @NestedConfigurationProperty
    private StackTraceProperties stackTrace = new StackTraceProperties();

    /**
     * Micrometer settings.
     */
    @NestedConfigurationProperty
    private MetricsProperties metrics = new MetricsProperties();

    /**
     * SpEL condition evaluated per call; when false the call runs without any resilience step.
     */
    private @Nullable String when;

    /**
     * Spring profiles (or profile expressions such as !dev) in which the policies apply; empty applies always.
     */
    private @Nullable List<String> activeIn;

    /**
     * Fully qualified exception class names passed straight through, untouched by every step.
     */
    private @Nullable List<String> ignoreWhen;

    /**
     * Recovery: a ResilientRecovery bean that answers failures of the given types.
     */
    @NestedConfigurationProperty
    private RecoveryProperties recovery = new RecoveryProperties();

    /**
     * Cleanup: a ResilientCleanup bean run after every call (or only after a failed one).
     */
    @NestedConfigurationProperty
    private CleanupProperties cleanup = new CleanupProperties();

    public RetryProperties getRetry() {
        return this.retry;
    }

    public void setRetry(RetryProperties retry) {
        this.retry = retry;
    }

    public CircuitBreakerProperties getCircuitBreaker() {
        return this.circuitBreaker;
    }

    public void setCircuitBreaker(CircuitBreakerProperties circuitBreaker) {
        this.circuitBreaker = circuitBreaker;
    }

    public @Nullable BackendFailure getOnBackendFailure() {
        return this.onBackendFailure;
    }

    public void setOnBackendFailure(@Nullable BackendFailure onBackendFailure) {
        this.onBackendFailure = onBackendFailure;
    }

    public RateLimitProperties getRateLimit() {
        return this.rateLimit;
    }

    public void setRateLimit(RateLimitProperties rateLimit) {
        this.rateLimit = rateLimit;
    }

    public BulkheadProperties getBulkhead() {
        return this.bulkhead;
    }

    public void setBulkhead(BulkheadProperties bulkhead) {
        this.bulkhead = bulkhead;
    }

    public @Nullable Duration getTimeout() {
        return this.timeout;
    }

    public void setTimeout(@Nullable Duration timeout) {
        this.timeout = timeout;
    }

    public @Nullable Duration getTotalTimeout() {
        return this.totalTimeout;
    }

    public void setTotalTimeout(@Nullable Duration totalTimeout) {
        this.totalTimeout = totalTimeout;
    }

    public @Nullable Duration getSlowThreshold() {
        return this.slowThreshold;
    }

    public void setSlowThreshold(@Nullable Duration slowThreshold) {
        this.slowThreshold = slowThreshold;
    }

    public @Nullable FluxMode getFluxMode() {
        return this.fluxMode;
    }

    public void setFluxMode(@Nullable FluxMode fluxMode) {
        this.fluxMode = fluxMode;
    }

    public FallbackProperties getFallback() {
        return this.fallback;
    }

    public void setFallback(FallbackProperties fallback) {
        this.fallback = fallback;
    }

    public FailureCacheProperties getFailureCache() {
        return this.failureCache;
    }

    public void setFailureCache(FailureCacheProperties failureCache) {
        this.failureCache = failureCache;
    }

    public AlertProperties getAlert() {
        return this.alert;
    }

    public void setAlert(AlertProperties alert) {
        this.alert = alert;
    }

    public AggregateProperties getAggregate() {
        return this.aggregate;
    }

    public void setAggregate(AggregateProperties aggregate) {
        this.aggregate = aggregate;
    }

    public LoggingProperties getLogging() {
        return this.logging;
    }

    public void setLogging(LoggingProperties logging) {
        this.logging = logging;
    }

    public StackTraceProperties getStackTrace() {
        return this.stackTrace;
    }

    public void setStackTrace(StackTraceProperties stackTrace) {
        this.stackTrace = stackTrace;
    }

    public MetricsProperties getMetrics() {
        return this.metrics;
    }

    public void setMetrics(MetricsProperties metrics) {
        this.metrics = metrics;
    }

    public @Nullable String getWhen() {
        return this.when;
    }

    public void setWhen(@Nullable String when) {
        this.when = when;
    }

    public @Nullable List<String> getActiveIn() {
        return this.activeIn;
    }

    public void setActiveIn(@Nullable List<String> activeIn) {
        this.activeIn = activeIn;
    }

    public @Nullable List<String> getIgnoreWhen() {
        return this.ignoreWhen;
    }

    public void setIgnoreWhen(@Nullable List<String> ignoreWhen) {
        this.ignoreWhen = ignoreWhen;
    }

    public RecoveryProperties getRecovery() {
        return this.recovery;
    }

    public void setRecovery(RecoveryProperties recovery) {
        this.recovery = recovery;
    }

    public CleanupProperties getCleanup() {
        return this.cleanup;
    }

    public void setCleanup(CleanupProperties cleanup) {
        this.cleanup = cleanup;
    }
}
