package dev.resilient.spring.properties;

import dev.resilient.circuitbreaker.SlidingWindowType;
import dev.resilient.ratelimiter.RateLimitStrategy;
import dev.resilient.retry.Backoff;
import dev.resilient.retry.Jitter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.NestedConfigurationProperty;
import org.springframework.boot.logging.LogLevel;

/**
 * Settings of one profile. Every value is optional: an unset value (null) is taken from the
 * profiles merged before it and in the end from the built-in defaults.
 */
public class ProfileProperties {

    /**
     * Retry settings.
     */
    @NestedConfigurationProperty
    private Retry retry = new Retry();

    /**
     * Circuit breaker settings.
     */
    @NestedConfigurationProperty
    private CircuitBreaker circuitBreaker = new CircuitBreaker();

    /**
     * Rate limiter settings.
     */
    @NestedConfigurationProperty
    private RateLimit rateLimit = new RateLimit();

    /**
     * Bulkhead settings.
     */
    @NestedConfigurationProperty
    private Bulkhead bulkhead = new Bulkhead();

    /**
     * Timeout of each attempt; unset means no timeout.
     */
    private Duration timeout;

    /**
     * What Redis-backed state does while Redis fails or is slow: allow, deny or local (the default:
     * this instance's in-memory state with the profile's limits).
     */
    private BackendFailure onBackendFailure;

    /**
     * Timeout of the whole call, retries and their delays included; unset means no total timeout.
     */
    private Duration totalTimeout;

    /**
     * Calls slower than this are logged and counted as slow.
     */
    private Duration slowThreshold;

    /**
     * How a method returning a Flux delivers its elements: buffer (each attempt's elements are
     * emitted once it succeeded; a retry never replays part of a stream) or stream (elements are
     * emitted as they come; only a failure before the first element is retried).
     */
    private FluxMode fluxMode;

    /**
     * Fallback and suppression settings.
     */
    @NestedConfigurationProperty
    private Fallback fallback = new Fallback();

    /**
     * Failure cache settings.
     */
    @NestedConfigurationProperty
    private FailureCache failureCache = new FailureCache();

    /**
     * Alerting settings.
     */
    @NestedConfigurationProperty
    private Alert alert = new Alert();

    /**
     * Error aggregation settings.
     */
    @NestedConfigurationProperty
    private Aggregate aggregate = new Aggregate();

    /**
     * Call logging settings.
     */
    @NestedConfigurationProperty
    private Logging logging = new Logging();

    /**
     * Stack trace settings for logged failures.
     */
    @NestedConfigurationProperty
    private StackTrace stackTrace = new StackTrace();

    /**
     * Micrometer settings.
     */
    @NestedConfigurationProperty
    private Metrics metrics = new Metrics();

    /**
     * SpEL condition evaluated per call; when false the call runs without any resilience step.
     */
    private String when;

    /**
     * Spring profiles (or profile expressions such as !dev) in which the policies apply; empty applies always.
     */
    private List<String> activeIn;

    /**
     * Fully qualified exception class names passed straight through, untouched by every step.
     */
    private List<String> ignoreWhen;

    /**
     * Recovery: a ResilientRecovery bean that answers failures of the given types.
     */
    @NestedConfigurationProperty
    private Recovery recovery = new Recovery();

    /**
     * Cleanup: a ResilientCleanup bean run after every call (or only after a failed one).
     */
    @NestedConfigurationProperty
    private Cleanup cleanup = new Cleanup();

    public Retry getRetry() {
        return this.retry;
    }

    public void setRetry(Retry retry) {
        this.retry = retry;
    }

    public CircuitBreaker getCircuitBreaker() {
        return this.circuitBreaker;
    }

    public void setCircuitBreaker(CircuitBreaker circuitBreaker) {
        this.circuitBreaker = circuitBreaker;
    }

    public BackendFailure getOnBackendFailure() {
        return this.onBackendFailure;
    }

    public void setOnBackendFailure(BackendFailure onBackendFailure) {
        this.onBackendFailure = onBackendFailure;
    }

    public RateLimit getRateLimit() {
        return this.rateLimit;
    }

    public void setRateLimit(RateLimit rateLimit) {
        this.rateLimit = rateLimit;
    }

    public Bulkhead getBulkhead() {
        return this.bulkhead;
    }

    public void setBulkhead(Bulkhead bulkhead) {
        this.bulkhead = bulkhead;
    }

    public Duration getTimeout() {
        return this.timeout;
    }

    public void setTimeout(Duration timeout) {
        this.timeout = timeout;
    }

    public Duration getTotalTimeout() {
        return this.totalTimeout;
    }

    public void setTotalTimeout(Duration totalTimeout) {
        this.totalTimeout = totalTimeout;
    }

    public Duration getSlowThreshold() {
        return this.slowThreshold;
    }

    public void setSlowThreshold(Duration slowThreshold) {
        this.slowThreshold = slowThreshold;
    }

    public FluxMode getFluxMode() {
        return this.fluxMode;
    }

    public void setFluxMode(FluxMode fluxMode) {
        this.fluxMode = fluxMode;
    }

    public Fallback getFallback() {
        return this.fallback;
    }

    public void setFallback(Fallback fallback) {
        this.fallback = fallback;
    }

    public FailureCache getFailureCache() {
        return this.failureCache;
    }

    public void setFailureCache(FailureCache failureCache) {
        this.failureCache = failureCache;
    }

    public Alert getAlert() {
        return this.alert;
    }

    public void setAlert(Alert alert) {
        this.alert = alert;
    }

    public Aggregate getAggregate() {
        return this.aggregate;
    }

    public void setAggregate(Aggregate aggregate) {
        this.aggregate = aggregate;
    }

    public Logging getLogging() {
        return this.logging;
    }

    public void setLogging(Logging logging) {
        this.logging = logging;
    }

    public StackTrace getStackTrace() {
        return this.stackTrace;
    }

    public void setStackTrace(StackTrace stackTrace) {
        this.stackTrace = stackTrace;
    }

    public Metrics getMetrics() {
        return this.metrics;
    }

    public void setMetrics(Metrics metrics) {
        this.metrics = metrics;
    }

    public String getWhen() {
        return this.when;
    }

    public void setWhen(String when) {
        this.when = when;
    }

    public List<String> getActiveIn() {
        return this.activeIn;
    }

    public void setActiveIn(List<String> activeIn) {
        this.activeIn = activeIn;
    }

    public List<String> getIgnoreWhen() {
        return this.ignoreWhen;
    }

    public void setIgnoreWhen(List<String> ignoreWhen) {
        this.ignoreWhen = ignoreWhen;
    }

    public Recovery getRecovery() {
        return this.recovery;
    }

    public void setRecovery(Recovery recovery) {
        this.recovery = recovery;
    }

    public Cleanup getCleanup() {
        return this.cleanup;
    }

    public void setCleanup(Cleanup cleanup) {
        this.cleanup = cleanup;
    }

    /**
     * Retry: how often and how quickly a failed call is tried again.
     */
    public static class Retry {

        /**
         * Maximum number of attempts, the first call included; 1 disables retry.
         */
        private Integer maxAttempts;

        /**
         * Base delay before the first retry.
         */
        private Duration delay;

        /**
         * Upper bound of any single delay between attempts (after backoff, before jitter).
         */
        private Duration maxDelay;

        /**
         * How the delay grows from one retry to the next: fixed, linear, exponential or fibonacci.
         */
        private Backoff backoff;

        /**
         * Growth factor of exponential backoff (must be at least 1).
         */
        private Double multiplier;

        /**
         * Randomisation of the delay: none, full, equal or decorrelated.
         */
        private Jitter jitter;

        /**
         * When set (0 to 1), the delay varies randomly by plus or minus this fraction; takes precedence over jitter.
         */
        private Double jitterRatio;

        /**
         * Fully qualified exception class names that are retried (subclasses too); empty retries every exception not in abort-on.
         */
        private List<String> retryOn;

        /**
         * Fully qualified exception class names that are never retried, even when they match retry-on.
         */
        private List<String> abortOn;

        /**
         * HTTP status codes whose responses are retried (used by the HTTP client integration).
         */
        private List<Integer> retryOnStatus;

        /**
         * Whether a server's Retry-After hint (on a failure or result) replaces the computed delay.
         */
        private Boolean honourRetryAfter;

        /**
         * Cap on a delay taken from a Retry-After hint; larger hints are clamped.
         */
        private Duration maxRetryAfter;

        /**
         * What a call throws when its attempts run out: last-failure (the method's last failure, unchanged
         * in type, with a suppressed RetryExhaustedException carrying the attempts) or wrap (a
         * RetryExhaustedException whose cause is the last failure).
         */
        private dev.resilient.retry.OnExhausted onExhausted;

        /**
         * Retry budget shared by every call of an instance, which stops retry storms against a failing dependency.
         */
        @NestedConfigurationProperty
        private Budget budget = new Budget();

        public Integer getMaxAttempts() {
            return this.maxAttempts;
        }

        public void setMaxAttempts(Integer maxAttempts) {
            this.maxAttempts = maxAttempts;
        }

        public Duration getDelay() {
            return this.delay;
        }

        public void setDelay(Duration delay) {
            this.delay = delay;
        }

        public Duration getMaxDelay() {
            return this.maxDelay;
        }

        public void setMaxDelay(Duration maxDelay) {
            this.maxDelay = maxDelay;
        }

        public Backoff getBackoff() {
            return this.backoff;
        }

        public void setBackoff(Backoff backoff) {
            this.backoff = backoff;
        }

        public Double getMultiplier() {
            return this.multiplier;
        }

        public void setMultiplier(Double multiplier) {
            this.multiplier = multiplier;
        }

        public Jitter getJitter() {
            return this.jitter;
        }

        public void setJitter(Jitter jitter) {
            this.jitter = jitter;
        }

        public Double getJitterRatio() {
            return this.jitterRatio;
        }

        public void setJitterRatio(Double jitterRatio) {
            this.jitterRatio = jitterRatio;
        }

        public List<String> getRetryOn() {
            return this.retryOn;
        }

        public void setRetryOn(List<String> retryOn) {
            this.retryOn = retryOn;
        }

        public List<String> getAbortOn() {
            return this.abortOn;
        }

        public void setAbortOn(List<String> abortOn) {
            this.abortOn = abortOn;
        }

        public List<Integer> getRetryOnStatus() {
            return this.retryOnStatus;
        }

        public void setRetryOnStatus(List<Integer> retryOnStatus) {
            this.retryOnStatus = retryOnStatus;
        }

        public Boolean getHonourRetryAfter() {
            return this.honourRetryAfter;
        }

        public void setHonourRetryAfter(Boolean honourRetryAfter) {
            this.honourRetryAfter = honourRetryAfter;
        }

        public Duration getMaxRetryAfter() {
            return this.maxRetryAfter;
        }

        public void setMaxRetryAfter(Duration maxRetryAfter) {
            this.maxRetryAfter = maxRetryAfter;
        }

        public dev.resilient.retry.OnExhausted getOnExhausted() {
            return this.onExhausted;
        }

        public void setOnExhausted(dev.resilient.retry.OnExhausted onExhausted) {
            this.onExhausted = onExhausted;
        }

        public Budget getBudget() {
            return this.budget;
        }

        public void setBudget(Budget budget) {
            this.budget = budget;
        }

        /**
         * Retry budget: a token bucket of retries shared by an instance.
         */
        public static class Budget {

            /**
             * Size of the token bucket; each retry takes one token. Unset means no budget.
             */
            private Integer maxTokens;

            /**
             * Tokens given back per successful call (for example 0.1: one retry per ten successes).
             */
            private Double tokenRatio;

            public Integer getMaxTokens() {
                return this.maxTokens;
            }

            public void setMaxTokens(Integer maxTokens) {
                this.maxTokens = maxTokens;
            }

            public Double getTokenRatio() {
                return this.tokenRatio;
            }

            public void setTokenRatio(Double tokenRatio) {
                this.tokenRatio = tokenRatio;
            }
        }
    }

    /**
     * Circuit breaker: stop calling a dependency that keeps failing.
     */
    public static class CircuitBreaker {

        /**
         * Where the open state is shared: memory (per instance, the default) or redis (an instance that opens the circuit opens it for all).
         */
        private StateBackend backend;

        public StateBackend getBackend() {
            return this.backend;
        }

        public void setBackend(StateBackend backend) {
            this.backend = backend;
        }

        /**
         * Number of consecutive failures that opens the circuit.
         */
        private Integer failureThreshold;

        /**
         * Failure rate in percent (0 to 100] over the sliding window that opens the circuit.
         */
        private Double failureRateThreshold;

        /**
         * Rate of slow calls in percent (0 to 100] over the sliding window that opens the circuit.
         */
        private Double slowCallRateThreshold;

        /**
         * Calls taking longer than this count as slow.
         */
        private Duration slowCallDurationThreshold;

        /**
         * Whether the sliding window counts the last N calls (count-based) or the calls of the last N seconds (time-based).
         */
        private SlidingWindowType slidingWindowType;

        /**
         * Size of the sliding window: a number of calls (count-based) or of seconds (time-based).
         */
        private Integer slidingWindowSize;

        /**
         * Calls the window must have seen before a rate can open the circuit.
         */
        private Integer minimumNumberOfCalls;

        /**
         * How long the circuit stays open before it lets trial calls through (half-open).
         */
        private Duration recoveryTimeout;

        /**
         * Number of trial calls allowed while half-open.
         */
        private Integer halfOpenRequests;

        /**
         * Successful trial calls needed to close the circuit again.
         */
        private Integer successThreshold;

        /**
         * Fully qualified exception class names counted as failures; empty counts every exception not in ignore-on.
         */
        private List<String> recordOn;

        /**
         * Fully qualified exception class names that count neither as failure nor as success.
         */
        private List<String> ignoreOn;

        public Integer getFailureThreshold() {
            return this.failureThreshold;
        }

        public void setFailureThreshold(Integer failureThreshold) {
            this.failureThreshold = failureThreshold;
        }

        public Double getFailureRateThreshold() {
            return this.failureRateThreshold;
        }

        public void setFailureRateThreshold(Double failureRateThreshold) {
            this.failureRateThreshold = failureRateThreshold;
        }

        public Double getSlowCallRateThreshold() {
            return this.slowCallRateThreshold;
        }

        public void setSlowCallRateThreshold(Double slowCallRateThreshold) {
            this.slowCallRateThreshold = slowCallRateThreshold;
        }

        public Duration getSlowCallDurationThreshold() {
            return this.slowCallDurationThreshold;
        }

        public void setSlowCallDurationThreshold(Duration slowCallDurationThreshold) {
            this.slowCallDurationThreshold = slowCallDurationThreshold;
        }

        public SlidingWindowType getSlidingWindowType() {
            return this.slidingWindowType;
        }

        public void setSlidingWindowType(SlidingWindowType slidingWindowType) {
            this.slidingWindowType = slidingWindowType;
        }

        public Integer getSlidingWindowSize() {
            return this.slidingWindowSize;
        }

        public void setSlidingWindowSize(Integer slidingWindowSize) {
            this.slidingWindowSize = slidingWindowSize;
        }

        public Integer getMinimumNumberOfCalls() {
            return this.minimumNumberOfCalls;
        }

        public void setMinimumNumberOfCalls(Integer minimumNumberOfCalls) {
            this.minimumNumberOfCalls = minimumNumberOfCalls;
        }

        public Duration getRecoveryTimeout() {
            return this.recoveryTimeout;
        }

        public void setRecoveryTimeout(Duration recoveryTimeout) {
            this.recoveryTimeout = recoveryTimeout;
        }

        public Integer getHalfOpenRequests() {
            return this.halfOpenRequests;
        }

        public void setHalfOpenRequests(Integer halfOpenRequests) {
            this.halfOpenRequests = halfOpenRequests;
        }

        public Integer getSuccessThreshold() {
            return this.successThreshold;
        }

        public void setSuccessThreshold(Integer successThreshold) {
            this.successThreshold = successThreshold;
        }

        public List<String> getRecordOn() {
            return this.recordOn;
        }

        public void setRecordOn(List<String> recordOn) {
            this.recordOn = recordOn;
        }

        public List<String> getIgnoreOn() {
            return this.ignoreOn;
        }

        public void setIgnoreOn(List<String> ignoreOn) {
            this.ignoreOn = ignoreOn;
        }
    }

    /**
     * Rate limiter: at most limit calls per period.
     */
    public static class RateLimit {

        /**
         * Where permits are counted: memory (per instance, the default) or redis (shared by every instance).
         */
        private StateBackend backend;

        public StateBackend getBackend() {
            return this.backend;
        }

        public void setBackend(StateBackend backend) {
            this.backend = backend;
        }

        /**
         * Number of calls permitted per period.
         */
        private Integer limit;

        /**
         * Length of the period the limit applies to.
         */
        private Duration period;

        /**
         * Algorithm: token-bucket, sliding-window or fixed-window.
         */
        private RateLimitStrategy strategy;

        /**
         * How long a call may wait for a permit before it is rejected; 0 rejects at once.
         */
        private Duration maxWait;

        /**
         * SpEL expression over the method's arguments (#p0, #args, parameter names) whose value gets a
         * limit of its own, such as #tenantId; unset: one limit for every call.
         */
        private String key;

        /**
         * Maximum number of keys with a limit of their own tracked at once; when full, the least
         * recently used key is evicted and its count forgotten.
         */
        private Integer maxKeys;

        public String getKey() {
            return this.key;
        }

        public void setKey(String key) {
            this.key = key;
        }

        public Integer getMaxKeys() {
            return this.maxKeys;
        }

        public void setMaxKeys(Integer maxKeys) {
            this.maxKeys = maxKeys;
        }

        public Integer getLimit() {
            return this.limit;
        }

        public void setLimit(Integer limit) {
            this.limit = limit;
        }

        public Duration getPeriod() {
            return this.period;
        }

        public void setPeriod(Duration period) {
            this.period = period;
        }

        public RateLimitStrategy getStrategy() {
            return this.strategy;
        }

        public void setStrategy(RateLimitStrategy strategy) {
            this.strategy = strategy;
        }

        public Duration getMaxWait() {
            return this.maxWait;
        }

        public void setMaxWait(Duration maxWait) {
            this.maxWait = maxWait;
        }
    }

    /**
     * Bulkhead: a limit on concurrent calls.
     */
    public static class Bulkhead {

        /**
         * Maximum number of calls running at the same time.
         */
        private Integer maxConcurrent;

        /**
         * How long a call may wait for a free slot before it is rejected; 0 rejects at once.
         */
        private Duration maxWait;

        public Integer getMaxConcurrent() {
            return this.maxConcurrent;
        }

        public void setMaxConcurrent(Integer maxConcurrent) {
            this.maxConcurrent = maxConcurrent;
        }

        public Duration getMaxWait() {
            return this.maxWait;
        }

        public void setMaxWait(Duration maxWait) {
            this.maxWait = maxWait;
        }
    }

    /**
     * Fallback and suppression of failures.
     */
    public static class Fallback {

        /**
         * Fully qualified exception class names that are swallowed: the call returns the fallback value, or null / empty when there is no fallback method.
         */
        private List<String> suppress;

        /**
         * Whether the original failure is rethrown after the fallback method ran (the fallback is then used for its side effects only).
         */
        private Boolean reraise;

        /**
         * Fully qualified exception class names the fallback method handles; empty handles every failure.
         */
        private List<String> handles;

        public List<String> getSuppress() {
            return this.suppress;
        }

        public void setSuppress(List<String> suppress) {
            this.suppress = suppress;
        }

        public Boolean getReraise() {
            return this.reraise;
        }

        public void setReraise(Boolean reraise) {
            this.reraise = reraise;
        }

        public List<String> getHandles() {
            return this.handles;
        }

        public void setHandles(List<String> handles) {
            this.handles = handles;
        }
    }

    /**
     * Failure cache: remember for a while that a call with a given key failed and fail fast.
     */
    public static class FailureCache {

        /**
         * Where failed keys are remembered: memory (per instance, the default) or redis (shared by every instance).
         */
        private StateBackend backend;

        public StateBackend getBackend() {
            return this.backend;
        }

        public void setBackend(StateBackend backend) {
            this.backend = backend;
        }

        /**
         * How long a failure is remembered; unset disables the failure cache.
         */
        private Duration ttl;

        /**
         * SpEL expression computing the cache key from the arguments (#p0, #args, parameter names); unset uses all arguments.
         */
        private String key;

        /**
         * Maximum number of remembered keys; the least recently used are evicted first.
         */
        private Integer maxKeys;

        public Duration getTtl() {
            return this.ttl;
        }

        public void setTtl(Duration ttl) {
            this.ttl = ttl;
        }

        public String getKey() {
            return this.key;
        }

        public void setKey(String key) {
            this.key = key;
        }

        public Integer getMaxKeys() {
            return this.maxKeys;
        }

        public void setMaxKeys(Integer maxKeys) {
            this.maxKeys = maxKeys;
        }
    }

    /**
     * Alerting after repeated errors.
     */
    public static class Alert {

        /**
         * Where the alert cooldown is claimed: memory (per instance, the default) or redis (one alert for every instance).
         */
        private StateBackend backend;

        public StateBackend getBackend() {
            return this.backend;
        }

        public void setBackend(StateBackend backend) {
            this.backend = backend;
        }

        /**
         * Number of errors within window that raises an alert; unset disables alerting.
         */
        private Integer threshold;

        /**
         * Time window in which errors are counted.
         */
        private Duration window;

        /**
         * Minimum time between two alerts of the same instance.
         */
        private Duration cooldown;

        /**
         * Webhook (for example Slack) that receives alerts as JSON; unset logs alerts only.
         */
        private String webhookUrl;

        /**
         * Timeout of a webhook request.
         */
        private Duration webhookTimeout;

        /**
         * Whether calls refused by an open circuit, a rate limit, a full bulkhead or an error
         * limit count as errors towards the alert threshold.
         */
        private Boolean countRejections;

        /**
         * Escalation levels, each from a number of errors on with its own webhook.
         */
        private List<Escalation> escalation;

        public Boolean getCountRejections() {
            return this.countRejections;
        }

        public void setCountRejections(Boolean countRejections) {
            this.countRejections = countRejections;
        }

        public Integer getThreshold() {
            return this.threshold;
        }

        public void setThreshold(Integer threshold) {
            this.threshold = threshold;
        }

        public Duration getWindow() {
            return this.window;
        }

        public void setWindow(Duration window) {
            this.window = window;
        }

        public Duration getCooldown() {
            return this.cooldown;
        }

        public void setCooldown(Duration cooldown) {
            this.cooldown = cooldown;
        }

        public String getWebhookUrl() {
            return this.webhookUrl;
        }

        public void setWebhookUrl(String webhookUrl) {
            this.webhookUrl = webhookUrl;
        }

        public Duration getWebhookTimeout() {
            return this.webhookTimeout;
        }

        public void setWebhookTimeout(Duration webhookTimeout) {
            this.webhookTimeout = webhookTimeout;
        }

        public List<Escalation> getEscalation() {
            return this.escalation;
        }

        public void setEscalation(List<Escalation> escalation) {
            this.escalation = escalation;
        }

        /**
         * An escalation level of alerting.
         */
        public static class Escalation {

            /**
             * Number of errors within the alert window from which this level applies.
             */
            private Integer afterErrors;

            /**
             * Webhook notified at this level.
             */
            private String webhookUrl;

            public Integer getAfterErrors() {
                return this.afterErrors;
            }

            public void setAfterErrors(Integer afterErrors) {
                this.afterErrors = afterErrors;
            }

            public String getWebhookUrl() {
                return this.webhookUrl;
            }

            public void setWebhookUrl(String webhookUrl) {
                this.webhookUrl = webhookUrl;
            }
        }
    }

    /**
     * Error aggregation: collect errors over a window, grouped by type and message.
     */
    public static class Aggregate {

        /**
         * Length of the collection window; unset disables aggregation.
         */
        private Duration window;

        /**
         * Number of errors within a window after which calls are stopped until the window ends.
         */
        private Integer limit;

        /**
         * Maximum number of distinct error groups kept per window.
         */
        private Integer maxGroups;

        public Duration getWindow() {
            return this.window;
        }

        public void setWindow(Duration window) {
            this.window = window;
        }

        public Integer getLimit() {
            return this.limit;
        }

        public void setLimit(Integer limit) {
            this.limit = limit;
        }

        public Integer getMaxGroups() {
            return this.maxGroups;
        }

        public void setMaxGroups(Integer maxGroups) {
            this.maxGroups = maxGroups;
        }
    }

    /**
     * Call logging.
     */
    public static class Logging {

        /**
         * Whether calls of the instance are logged.
         */
        private Boolean enabled;

        /**
         * Level of failure log lines.
         */
        private LogLevel level;

        /**
         * Whether successful calls are logged too (at debug level).
         */
        private Boolean logSuccess;

        /**
         * Whether method arguments are logged (sensitive names are masked).
         */
        private Boolean logArgs;

        /**
         * Whether the return value is logged.
         */
        private Boolean logResult;

        /**
         * Names added to the built-in sensitive names (password, passwd, secret, token, key,
         * apikey, authorization, credential, cookie, session, ssn, pin): a parameter, MDC key or
         * key=value pair whose name contains one, ignoring case, is logged as ***.
         */
        private List<String> redact;

        /**
         * Whether the attempt number is put into the MDC (key resilient.attempt) during each
         * attempt, so that log lines written by the call itself show it.
         */
        private Boolean mdcAttempt;

        /**
         * Whether failure log lines carry the stack trace.
         */
        private Boolean includeStackTrace;

        /**
         * Static context: entries put into the SLF4J MDC (and the log lines) for the duration of every call, such
         * as service: payments.
         */
        private Map<String, String> context = new LinkedHashMap<>();

        public Map<String, String> getContext() {
            return this.context;
        }

        public void setContext(Map<String, String> context) {
            this.context = context;
        }

        public Boolean getMdcAttempt() {
            return this.mdcAttempt;
        }

        public void setMdcAttempt(Boolean mdcAttempt) {
            this.mdcAttempt = mdcAttempt;
        }

        public Boolean getEnabled() {
            return this.enabled;
        }

        public void setEnabled(Boolean enabled) {
            this.enabled = enabled;
        }

        public LogLevel getLevel() {
            return this.level;
        }

        public void setLevel(LogLevel level) {
            this.level = level;
        }

        public Boolean getLogSuccess() {
            return this.logSuccess;
        }

        public void setLogSuccess(Boolean logSuccess) {
            this.logSuccess = logSuccess;
        }

        public Boolean getLogArgs() {
            return this.logArgs;
        }

        public void setLogArgs(Boolean logArgs) {
            this.logArgs = logArgs;
        }

        public Boolean getLogResult() {
            return this.logResult;
        }

        public void setLogResult(Boolean logResult) {
            this.logResult = logResult;
        }

        public List<String> getRedact() {
            return this.redact;
        }

        public void setRedact(List<String> redact) {
            this.redact = redact;
        }

        public Boolean getIncludeStackTrace() {
            return this.includeStackTrace;
        }

        public void setIncludeStackTrace(Boolean includeStackTrace) {
            this.includeStackTrace = includeStackTrace;
        }
    }

    /**
     * Stack trace control for logged failures.
     */
    public static class StackTrace {

        /**
         * Maximum number of frames printed; unset prints all.
         */
        private Integer maxDepth;

        /**
         * Whether proxy, reflection and framework frames are hidden.
         */
        private Boolean hideFrames;

        /**
         * Whether source lines are shown where sources are on the class path.
         */
        private Boolean showSource;

        /**
         * Whether the arguments of the failed call are shown next to the trace.
         */
        private Boolean showArguments;

        public Integer getMaxDepth() {
            return this.maxDepth;
        }

        public void setMaxDepth(Integer maxDepth) {
            this.maxDepth = maxDepth;
        }

        public Boolean getHideFrames() {
            return this.hideFrames;
        }

        public void setHideFrames(Boolean hideFrames) {
            this.hideFrames = hideFrames;
        }

        public Boolean getShowSource() {
            return this.showSource;
        }

        public void setShowSource(Boolean showSource) {
            this.showSource = showSource;
        }

        public Boolean getShowArguments() {
            return this.showArguments;
        }

        public void setShowArguments(Boolean showArguments) {
            this.showArguments = showArguments;
        }
    }

    /**
     * Micrometer metrics.
     */
    public static class Metrics {

        /**
         * Whether meters are recorded for the instance (when Micrometer is present).
         */
        private Boolean enabled;

        /**
         * Value of the name tag; defaults to the instance name.
         */
        private String name;

        /**
         * Extra tags; values may be SpEL templates such as #{environment.getProperty('region')}.
         */
        private Map<String, String> tags = new LinkedHashMap<>();

        /**
         * Whether the exception tag carries the exception class name.
         */
        private Boolean trackErrorTypes;

        public Boolean getEnabled() {
            return this.enabled;
        }

        public void setEnabled(Boolean enabled) {
            this.enabled = enabled;
        }

        public String getName() {
            return this.name;
        }

        public void setName(String name) {
            this.name = name;
        }

        public Map<String, String> getTags() {
            return this.tags;
        }

        public void setTags(Map<String, String> tags) {
            this.tags = tags;
        }

        public Boolean getTrackErrorTypes() {
            return this.trackErrorTypes;
        }

        public void setTrackErrorTypes(Boolean trackErrorTypes) {
            this.trackErrorTypes = trackErrorTypes;
        }
    }

    /**
     * Recovery of failures by a ResilientRecovery bean.
     */
    public static class Recovery {

        /**
         * Name of the ResilientRecovery bean that answers failures; unset (or empty) means no recovery.
         */
        private String bean;

        /**
         * Fully qualified exception class names the recovery answers (subclasses too), matched against the call's last failure; empty answers every exception.
         */
        private List<String> recoverOn;

        public String getBean() {
            return this.bean;
        }

        public void setBean(String bean) {
            this.bean = bean;
        }

        public List<String> getRecoverOn() {
            return this.recoverOn;
        }

        public void setRecoverOn(List<String> recoverOn) {
            this.recoverOn = recoverOn;
        }
    }

    /**
     * Cleanup after calls by a ResilientCleanup bean.
     */
    public static class Cleanup {

        /**
         * Name of the ResilientCleanup bean run after calls; unset (or empty) means no cleanup.
         */
        private String bean;

        /**
         * When the cleanup runs: always (after every call) or on-failure (only after a failed one).
         */
        private dev.resilient.recovery.CleanupConfig.Mode mode;

        public String getBean() {
            return this.bean;
        }

        public void setBean(String bean) {
            this.bean = bean;
        }

        public dev.resilient.recovery.CleanupConfig.Mode getMode() {
            return this.mode;
        }

        public void setMode(dev.resilient.recovery.CleanupConfig.Mode mode) {
            this.mode = mode;
        }
    }
}
