package dev.resilient.spring.internal;

import dev.resilient.spring.properties.AggregateProperties;
import dev.resilient.spring.properties.AlertProperties;
import dev.resilient.spring.properties.BackendFailure;
import dev.resilient.spring.properties.BulkheadProperties;
import dev.resilient.spring.properties.CircuitBreakerProperties;
import dev.resilient.spring.properties.CleanupProperties;
import dev.resilient.spring.properties.FailureCacheProperties;
import dev.resilient.spring.properties.FluxMode;
import dev.resilient.spring.properties.LoggingProperties;
import dev.resilient.spring.properties.ProfileProperties;
import dev.resilient.spring.properties.RateLimitProperties;
import dev.resilient.spring.properties.RecoveryProperties;
import dev.resilient.spring.properties.RetryProperties;
import dev.resilient.spring.properties.StackTraceProperties;
import dev.resilient.spring.properties.StateBackend;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The merged and validated settings of one {@code @Resilient} method (or of a profile on its own).
 * The values are the merged properties, built-in defaults filled in ({@link #values()}, and per
 * group {@link #retry()}, {@link #circuitBreaker()}, ...): a copy of this profile's own that nothing
 * changes after the merge. Besides them it holds what the starter resolved once: the
 * {@link #fallback()} types, the parsed {@link #metrics()} tags, the {@link #backends()}, whether
 * the profile is {@link #active()}, and each pattern's part of the core configuration, which
 * {@link PipelineConfigFactory} applies per instance. {@link #sources()} tells, per key, where the
 * value came from.
 */
public final class EffectiveProfile {

    private final List<String> profiles;
    private final ProfileProperties values;
    private final Map<String, String> sources;
    private final boolean active;
    private final Fallback fallback;
    private final Metrics metrics;
    private final Backends backends;
    private final Map<String, ConfigPart> parts;

    EffectiveProfile(
            List<String> profiles,
            ProfileProperties values,
            Map<String, String> sources,
            boolean active,
            Fallback fallback,
            Metrics metrics,
            Backends backends,
            Map<String, ConfigPart> parts) {
        this.profiles = profiles;
        this.values = values;
        this.sources = sources;
        this.active = active;
        this.fallback = fallback;
        this.metrics = metrics;
        this.backends = backends;
        this.parts = parts;
    }

    /** The profile names merged, in order. */
    public List<String> profiles() {
        return this.profiles;
    }

    /** The merged values; read them, never change them. */
    public ProfileProperties values() {
        return this.values;
    }

    /** For each set key ({@code retry.delay}), where its value came from. */
    public Map<String, String> sources() {
        return this.sources;
    }

    /** Whether the policies apply in the current environment (from {@code active-in}). */
    public boolean active() {
        return this.active;
    }

    /** The fallback and suppression settings, exception types resolved. */
    public Fallback fallback() {
        return this.fallback;
    }

    /** The metrics settings, tag templates parsed. */
    public Metrics metrics() {
        return this.metrics;
    }

    /** Where each kind of state is kept, and what happens while a shared backend fails. */
    public Backends backends() {
        return this.backends;
    }

    /** Each pattern's part of the core configuration, by the section errors name. */
    Map<String, ConfigPart> parts() {
        return this.parts;
    }

    /** The retry settings. */
    public RetryProperties retry() {
        return this.values.getRetry();
    }

    /** The circuit breaker settings. */
    public CircuitBreakerProperties circuitBreaker() {
        return this.values.getCircuitBreaker();
    }

    /** The rate limiter settings. */
    public RateLimitProperties rateLimit() {
        return this.values.getRateLimit();
    }

    /** The bulkhead settings. */
    public BulkheadProperties bulkhead() {
        return this.values.getBulkhead();
    }

    /** The failure cache settings. */
    public FailureCacheProperties failureCache() {
        return this.values.getFailureCache();
    }

    /** The alerting settings. */
    public AlertProperties alert() {
        return this.values.getAlert();
    }

    /** The error aggregation settings. */
    public AggregateProperties aggregate() {
        return this.values.getAggregate();
    }

    /** The call logging settings. */
    public LoggingProperties logging() {
        return this.values.getLogging();
    }

    /** The stack trace settings. */
    public StackTraceProperties stackTrace() {
        return this.values.getStackTrace();
    }

    /** The recovery settings. */
    public RecoveryProperties recovery() {
        return this.values.getRecovery();
    }

    /** The cleanup settings. */
    public CleanupProperties cleanup() {
        return this.values.getCleanup();
    }

    /** The timeout of each attempt, or null. */
    public @Nullable Duration timeout() {
        return this.values.getTimeout();
    }

    /** The timeout of the whole call, or null. */
    public @Nullable Duration totalTimeout() {
        return this.values.getTotalTimeout();
    }

    /** The slow call threshold, or null. */
    public @Nullable Duration slowThreshold() {
        return this.values.getSlowThreshold();
    }

    /** The condition, or null. */
    public @Nullable String when() {
        return this.values.getWhen();
    }

    /** How a method returning a Flux delivers its elements ({@link FluxMode#BUFFER} unless set). */
    public FluxMode fluxMode() {
        return this.values.getFluxMode() != null ? this.values.getFluxMode() : FluxMode.BUFFER;
    }

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

        /** The backends of merged settings. */
        static Backends of(ProfileProperties p) {
            return new Backends(
                    orMemory(p.getRateLimit().getBackend()),
                    orMemory(p.getFailureCache().getBackend()),
                    orMemory(p.getAlert().getBackend()),
                    orMemory(p.getCircuitBreaker().getBackend()),
                    p.getOnBackendFailure() != null ? p.getOnBackendFailure() : BackendFailure.LOCAL);
        }

        private static StateBackend orMemory(@Nullable StateBackend backend) {
            return backend != null ? backend : StateBackend.MEMORY;
        }

        /** Whether any kind is kept outside memory. */
        public boolean anyShared() {
            return rateLimit != StateBackend.MEMORY
                    || failureCache != StateBackend.MEMORY
                    || alert != StateBackend.MEMORY
                    || circuitBreaker != StateBackend.MEMORY;
        }
    }

    /**
     * Fallback and suppression settings as the fallback step of a method reads them (the fallback
     * method itself is in the method plan).
     */
    public record Fallback(
            List<Class<? extends Throwable>> suppress, boolean reraise, List<Class<? extends Throwable>> handles) {}

    /**
     * Metrics settings; {@code name} is null to use the instance name. Tag values are parsed
     * templates (literal text or {@code #{...}}).
     */
    public record Metrics(
            boolean enabled, @Nullable String name, Map<String, ParsedExpression> tags, boolean trackErrorTypes) {}
}
