package dev.resilient.spring.internal;

import dev.resilient.circuitbreaker.SlidingWindowType;
import dev.resilient.ratelimiter.RateLimitStrategy;
import dev.resilient.retry.Backoff;
import dev.resilient.retry.Jitter;
import dev.resilient.spring.properties.BackendFailure;
import dev.resilient.spring.properties.FluxMode;
import dev.resilient.spring.properties.StateBackend;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.logging.LogLevel;
import org.springframework.expression.Expression;

/**
 * The fully merged, validated and resolved settings of one {@code @Resilient} method (or of a
 * profile on its own). Immutable. Built-in defaults are filled in; values that are null mean "off"
 * (for example no {@link #timeout()}). Exception class names are resolved to classes, SpEL is
 * parsed. {@link #sources()} tells, per key, where the value came from.
 *
 * @param profiles the profile names merged, in order
 * @param retry retry settings
 * @param circuitBreaker circuit breaker settings
 * @param rateLimit rate limiter settings
 * @param bulkhead bulkhead settings
 * @param timeout timeout of each attempt, or null
 * @param totalTimeout timeout of the whole call, or null
 * @param slowThreshold slow call threshold, or null
 * @param fallback fallback settings
 * @param failureCache failure cache settings
 * @param alert alerting settings
 * @param aggregate error aggregation settings
 * @param logging call logging settings
 * @param stackTrace stack trace settings
 * @param metrics metrics settings
 * @param when the condition, or null
 * @param activeIn the Spring profile expressions the policies apply in (empty: always)
 * @param active whether the policies apply in the current environment (from {@code activeIn})
 * @param ignoreWhen exceptions passed straight through
 * @param recovery the recovery bean and the failures it answers
 * @param cleanup the cleanup bean and when it runs
 * @param sources for each set key ({@code retry.delay}), where its value came from
 * @param fluxMode how a method returning a Flux delivers its elements
 * @param backends where each kind of state is kept, and what happens while a shared backend fails
 */
public record EffectiveProfile(
        List<String> profiles,
        Retry retry,
        CircuitBreaker circuitBreaker,
        RateLimit rateLimit,
        Bulkhead bulkhead,
        Duration timeout,
        Duration totalTimeout,
        Duration slowThreshold,
        Fallback fallback,
        FailureCache failureCache,
        Alert alert,
        Aggregate aggregate,
        Logging logging,
        StackTrace stackTrace,
        Metrics metrics,
        ParsedExpression when,
        List<String> activeIn,
        boolean active,
        List<Class<? extends Throwable>> ignoreWhen,
        Recovery recovery,
        Cleanup cleanup,
        Map<String, String> sources,
        FluxMode fluxMode,
        Backends backends) {

    /**
     * Where each kind of state is kept ({@link StateBackend#MEMORY} unless configured) and what the
     * shared ones do while their backend fails.
     */
    public record Backends(
            StateBackend rateLimit,
            StateBackend failureCache,
            StateBackend alert,
            StateBackend circuitBreaker,
            BackendFailure onBackendFailure) {

        /** Everything in memory. */
        public static final Backends MEMORY = new Backends(
                StateBackend.MEMORY,
                StateBackend.MEMORY,
                StateBackend.MEMORY,
                StateBackend.MEMORY,
                BackendFailure.LOCAL);

        /** Whether any kind is kept outside memory. */
        public boolean anyShared() {
            return rateLimit != StateBackend.MEMORY
                    || failureCache != StateBackend.MEMORY
                    || alert != StateBackend.MEMORY
                    || circuitBreaker != StateBackend.MEMORY;
        }
    }

    /** Recovery: the {@code ResilientRecovery} bean name (null: none) and the types it answers (empty: every exception). */
    public record Recovery(String bean, List<Class<? extends Throwable>> recoverOn) {

        /** Whether a recovery applies. */
        public boolean enabled() {
            return this.bean != null;
        }
    }

    /** Cleanup: the {@code ResilientCleanup} bean name (null: none) and when it runs. */
    public record Cleanup(String bean, dev.resilient.recovery.CleanupConfig.Mode mode) {

        /** Whether a cleanup applies. */
        public boolean enabled() {
            return this.bean != null;
        }
    }

    /** Retry settings. {@code budget} is null when there is no retry budget. */
    public record Retry(
            int maxAttempts,
            Duration delay,
            Duration maxDelay,
            Backoff backoff,
            double multiplier,
            Jitter jitter,
            Double jitterRatio,
            List<Class<? extends Throwable>> retryOn,
            List<Class<? extends Throwable>> abortOn,
            Set<Integer> retryOnStatus,
            boolean honourRetryAfter,
            Duration maxRetryAfter,
            Budget budget,
            dev.resilient.retry.OnExhausted onExhausted) {

        /** Whether calls are retried at all. */
        public boolean enabled() {
            return this.maxAttempts > 1;
        }
    }

    /** Retry budget. */
    public record Budget(int maxTokens, double tokenRatio) {}

    /** Circuit breaker settings; the thresholds are null when not set. */
    public record CircuitBreaker(
            Integer failureThreshold,
            Double failureRateThreshold,
            Double slowCallRateThreshold,
            Duration slowCallDurationThreshold,
            SlidingWindowType slidingWindowType,
            int slidingWindowSize,
            int minimumNumberOfCalls,
            Duration recoveryTimeout,
            int halfOpenRequests,
            int successThreshold,
            List<Class<? extends Throwable>> recordOn,
            List<Class<? extends Throwable>> ignoreOn) {

        /** Whether a circuit breaker applies: at least one threshold is set. */
        public boolean enabled() {
            return this.failureThreshold != null
                    || this.failureRateThreshold != null
                    || this.slowCallRateThreshold != null;
        }
    }

    /**
     * Rate limiter settings; {@code limit} is null when there is no limiter, {@code key} null when
     * one limit applies to every call.
     */
    public record RateLimit(
            Integer limit,
            Duration period,
            RateLimitStrategy strategy,
            Duration maxWait,
            ParsedExpression key,
            int maxKeys) {

        /** Settings with one limit for every call. */
        public RateLimit(Integer limit, Duration period, RateLimitStrategy strategy, Duration maxWait) {
            this(limit, period, strategy, maxWait, null, dev.resilient.ratelimiter.RateLimiterConfig.DEFAULT_MAX_KEYS);
        }

        /** Whether a rate limiter applies. */
        public boolean enabled() {
            return this.limit != null;
        }
    }

    /** Bulkhead settings; {@code maxConcurrent} is null when there is no bulkhead. */
    public record Bulkhead(Integer maxConcurrent, Duration maxWait) {

        /** Whether a bulkhead applies. */
        public boolean enabled() {
            return this.maxConcurrent != null;
        }
    }

    /** Fallback and suppression settings (the fallback method itself is in the method plan). */
    public record Fallback(
            List<Class<? extends Throwable>> suppress, boolean reraise, List<Class<? extends Throwable>> handles) {}

    /**
     * Failure cache settings; {@code ttl} is null when there is no failure cache, {@code key} null
     * when all arguments form the key.
     */
    public record FailureCache(Duration ttl, ParsedExpression key, int maxKeys) {

        /** Whether failures are cached. */
        public boolean enabled() {
            return this.ttl != null;
        }
    }

    /** Alerting settings; {@code threshold} is null when alerting is off. */
    public record Alert(
            Integer threshold,
            Duration window,
            Duration cooldown,
            String webhookUrl,
            Duration webhookTimeout,
            List<Escalation> escalation,
            boolean countRejections) {

        /** Whether alerts are raised. */
        public boolean enabled() {
            return this.threshold != null;
        }
    }

    /** An escalation level. */
    public record Escalation(int afterErrors, String webhookUrl) {}

    /** Error aggregation settings; {@code window} is null when aggregation is off. */
    public record Aggregate(Duration window, Integer limit, int maxGroups) {

        /** Whether errors are aggregated. */
        public boolean enabled() {
            return this.window != null;
        }
    }

    /** Call logging settings. */
    public record Logging(
            boolean enabled,
            LogLevel level,
            boolean logSuccess,
            boolean logArgs,
            boolean logResult,
            List<String> redact,
            boolean includeStackTrace,
            boolean mdcAttempt,
            Map<String, String> context) {}

    /** Stack trace settings; {@code maxDepth} is null for no limit. */
    public record StackTrace(Integer maxDepth, boolean hideFrames, boolean showSource, boolean showArguments) {}

    /**
     * Metrics settings; {@code name} is null to use the instance name. Tag values are parsed
     * templates (literal text or {@code #{...}}).
     */
    public record Metrics(boolean enabled, String name, Map<String, ParsedExpression> tags, boolean trackErrorTypes) {}

    /**
     * A parsed SpEL expression (or template) together with its source text.
     *
     * @param source the expression as configured
     * @param expression the parsed expression (thread-safe to evaluate)
     */
    public record ParsedExpression(String source, Expression expression) {

        @Override
        public String toString() {
            return this.source;
        }
    }
}
