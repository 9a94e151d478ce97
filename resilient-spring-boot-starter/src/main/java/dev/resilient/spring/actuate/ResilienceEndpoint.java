package dev.resilient.spring.actuate;

import dev.resilient.bulkhead.Bulkhead;
import dev.resilient.cache.FailureCache;
import dev.resilient.circuitbreaker.CircuitBreaker;
import dev.resilient.circuitbreaker.CircuitBreakerStats;
import dev.resilient.circuitbreaker.CircuitState;
import dev.resilient.event.EventType;
import dev.resilient.event.RecentEvents;
import dev.resilient.event.ResilienceEvent;
import dev.resilient.observation.MessageScrubber;
import dev.resilient.observation.Redaction;
import dev.resilient.pipeline.ResiliencePipeline;
import dev.resilient.pipeline.ResilienceRegistry;
import dev.resilient.ratelimiter.RateLimiter;
import dev.resilient.retry.Retry;
import dev.resilient.step.PipelineStats;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

/**
 * The {@code resilience} actuator endpoint: the state and counters of every instance, one instance
 * with its effective configuration and recent events, and circuit-breaker actions. Read-only unless
 * access is granted with {@code management.endpoint.resilience.access=unrestricted}.
 *
 * <p>Never shows call arguments, results or exception messages: events carry the exception's class,
 * and their detail after the {@link MessageScrubber} and the redaction of sensitive
 * {@code name=value} pairs; a failure-cache hit's detail (it names the key) is left out.
 */
@Endpoint(id = "resilience", defaultAccess = Access.READ_ONLY)
public class ResilienceEndpoint {

    /** The actions {@link #apply(String, String)} understands. */
    public static final List<String> ACTIONS = List.of("reset", "open", "close", "disable");

    private final ResilienceRegistry registry;
    private final @Nullable RecentEvents events;
    private final InstanceMetadata metadata;
    private final Redaction redaction;

    /**
     * An endpoint scrubbing event details with {@link MessageScrubber#defaults()}.
     *
     * @param registry the instances to show
     * @param events the recent events shown per instance ({@code null}: none)
     * @param metadata the instances' profiles
     */
    public ResilienceEndpoint(
            ResilienceRegistry registry, @Nullable RecentEvents events, @Nullable InstanceMetadata metadata) {
        this(registry, events, metadata, MessageScrubber.defaults());
    }

    /**
     * @param registry the instances to show
     * @param events the recent events shown per instance ({@code null}: none)
     * @param metadata the instances' profiles
     * @param scrubber scrubs event details
     */
    public ResilienceEndpoint(
            ResilienceRegistry registry,
            @Nullable RecentEvents events,
            @Nullable InstanceMetadata metadata,
            MessageScrubber scrubber) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.events = events;
        this.metadata = metadata == null ? InstanceMetadata.NONE : metadata;
        this.redaction = new Redaction(
                Redaction.DEFAULT_SENSITIVE_NAMES,
                Redaction.DEFAULT_REDACTION,
                Objects.requireNonNull(scrubber, "scrubber"));
    }

    /** {@code {"instances": {"<name>": {...}}}}, sorted by name. */
    @ReadOperation
    public Map<String, Object> instances() {
        Map<String, Object> instances = new LinkedHashMap<>();
        registry.pipelines().stream()
                .sorted(Comparator.comparing(ResiliencePipeline::name))
                .forEach(pipeline -> instances.put(pipeline.name(), summary(pipeline)));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("instances", instances);
        return body;
    }

    /** One instance with its {@code configuration} and recent {@code events}; {@code null} (404) when unknown. */
    @ReadOperation
    public @Nullable Map<String, Object> instance(@Selector String name) {
        ResiliencePipeline pipeline = registry.find(name).orElse(null);
        if (pipeline == null) {
            return null;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", pipeline.name());
        body.putAll(summary(pipeline));
        body.put("configuration", pipeline.config().describe());
        body.put(
                "events",
                events == null
                        ? List.of()
                        : events.recent(name).stream()
                                .map(event -> event(event, redaction))
                                .toList());
        return body;
    }

    /**
     * Applies {@code action} to the instance's circuit breaker: {@code reset} (closed, with the
     * breaker's and the instance's counters at zero), {@code open} (forced open until closed by
     * hand), {@code close}, {@code disable}. Returns the new state; {@code null} (404) when the
     * instance is unknown; 400 for an unknown action or an instance without a circuit breaker.
     */
    @WriteOperation
    public @Nullable Map<String, Object> apply(@Selector String name, String action) {
        ResiliencePipeline pipeline = registry.find(name).orElse(null);
        if (pipeline == null) {
            return null;
        }
        String normalized = action == null ? "" : action.trim().toLowerCase(Locale.ROOT);
        if (!ACTIONS.contains(normalized)) {
            String message = "Unknown action '" + action + "'; valid actions are " + String.join(", ", ACTIONS);
            throw new InvalidEndpointRequestException(message, message);
        }
        CircuitBreaker breaker = pipeline.circuitBreaker().orElse(null);
        if (breaker == null) {
            String message = "Instance '" + name + "' has no circuit breaker to " + normalized;
            throw new InvalidEndpointRequestException(message, message);
        }
        switch (normalized) {
            case "reset" -> {
                breaker.reset();
                pipeline.stats().reset();
                pipeline.retry().ifPresent(Retry::reset);
            }
            case "open" -> breaker.forceOpen();
            case "close" -> breaker.transitionToClosed();
            default -> breaker.disable();
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", pipeline.name());
        body.put("action", normalized);
        body.put("state", breaker.state().name());
        return body;
    }

    private Map<String, Object> summary(ResiliencePipeline pipeline) {
        Map<String, Object> body = new LinkedHashMap<>();
        profile(pipeline.name()).ifPresent(profile -> body.put("profile", profile));
        pipeline.circuitBreaker().ifPresent(breaker -> body.put("circuitBreaker", circuitBreaker(breaker)));
        pipeline.rateLimiter().ifPresent(limiter -> body.put("rateLimiter", rateLimiter(limiter)));
        pipeline.bulkhead().ifPresent(bulkhead -> body.put("bulkhead", bulkhead(bulkhead)));
        pipeline.retry().ifPresent(retry -> body.put("retry", retry(retry)));
        pipeline.failureCache().ifPresent(cache -> body.put("failureCache", failureCache(cache)));
        body.put("metrics", metrics(pipeline.stats()));
        return body;
    }

    private Optional<String> profile(String name) {
        try {
            return metadata.profile(name);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    static Map<String, Object> circuitBreaker(CircuitBreaker breaker) {
        CircuitBreakerStats stats = breaker.stats();
        long remaining = breaker.remainingOpenNanos();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("state", stats.state().name());
        body.put("failureRate", stats.failureRate());
        body.put("slowCallRate", stats.slowCallRate());
        body.put("bufferedCalls", stats.bufferedCalls());
        body.put("failedCalls", stats.failed());
        body.put("successfulCalls", stats.successful());
        body.put("slowCalls", stats.slow());
        body.put("notPermittedCalls", stats.rejected());
        body.put("ignoredCalls", stats.ignored());
        body.put("consecutiveFailures", stats.consecutiveFailures());
        body.put("stateTransitions", stats.stateTransitions());
        body.put(
                "remainingOpenMs",
                stats.state() == CircuitState.FORCED_OPEN ? -1L : TimeUnit.NANOSECONDS.toMillis(remaining));
        return body;
    }

    static Map<String, Object> rateLimiter(RateLimiter limiter) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (!limiter.perKey()) {
            body.put("availablePermits", limiter.availablePermits());
        }
        body.put("limit", limiter.config().limit());
        body.put("period", limiter.config().period().toString());
        body.put("strategy", limiter.config().strategy().name());
        if (limiter.perKey()) {
            // each key has its own permits: the entry shows how many keys are tracked, not any key's permits
            body.put("key", String.valueOf(limiter.config().keyFunction()));
            body.put("trackedKeys", limiter.trackedKeys());
            body.put("maxKeys", limiter.config().maxKeys());
            body.put("evictedKeys", limiter.evictedKeys());
        } else {
            body.put("msUntilPermit", TimeUnit.NANOSECONDS.toMillis(limiter.nanosUntilPermit()));
        }
        body.put("grantedPermits", limiter.grantedPermits());
        body.put("rejectedRequests", limiter.rejectedRequests());
        return body;
    }

    static Map<String, Object> bulkhead(Bulkhead bulkhead) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("availableConcurrentCalls", bulkhead.availablePermits());
        body.put("maxConcurrent", bulkhead.config().maxConcurrent());
        body.put("activeCalls", bulkhead.activeCalls());
        body.put("maxObservedConcurrent", bulkhead.maxObservedConcurrent());
        body.put("rejectedCalls", bulkhead.rejectedCalls());
        body.put("queuedAsyncWaiters", bulkhead.queuedAsyncWaiters());
        return body;
    }

    static Map<String, Object> retry(Retry retry) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("maxAttempts", retry.config().maxAttempts());
        body.put("retries", retry.retries());
        body.put("successfulCallsWithoutRetry", retry.successfulCallsWithoutRetry());
        body.put("successfulCallsWithRetry", retry.successfulCallsWithRetry());
        body.put("failedCallsWithoutRetry", retry.failedCallsWithoutRetry());
        body.put("failedCallsWithRetry", retry.failedCallsWithRetry());
        body.put("budgetDenials", retry.budgetDenials());
        return body;
    }

    static Map<String, Object> failureCache(FailureCache cache) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("size", cache.size());
        body.put("ttl", cache.config().ttl().toString());
        body.put("maxKeys", cache.config().maxKeys());
        return body;
    }

    static Map<String, Object> metrics(PipelineStats stats) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("calls", stats.calls());
        body.put("successes", stats.successes());
        body.put("failures", stats.failures());
        body.put("retries", stats.retries());
        body.put("rejections", stats.rejections());
        body.put("fallbacks", stats.fallbacks());
        body.put("ignored", stats.ignored());
        body.put("successRate", stats.successRate());
        return body;
    }

    /** An event without arguments, results or messages, its detail scrubbed and redacted. */
    static Map<String, Object> event(ResilienceEvent event, Redaction redaction) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", event.type().name());
        body.put("time", Instant.ofEpochMilli(event.timestampMillis()).toString());
        if (event.source() != null) {
            body.put("source", event.source());
        }
        if (event.attempt() > 0) {
            body.put("attempt", event.attempt());
        }
        if (event.elapsed() != null) {
            body.put("elapsedMs", event.elapsed().toMillis());
        }
        if (event.delay() != null) {
            body.put("delayMs", event.delay().toMillis());
        }
        if (event.failure() != null) {
            body.put("exception", event.failure().getClass().getName());
        }
        // a failure-cache hit's detail names the cache key, which is made from the call's arguments
        if (event.detail() != null && event.type() != EventType.FAILURE_CACHE_HIT) {
            body.put("detail", redaction.redactText(event.detail()));
        }
        return body;
    }
}
