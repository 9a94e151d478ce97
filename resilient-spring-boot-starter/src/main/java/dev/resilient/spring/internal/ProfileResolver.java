package dev.resilient.spring.internal;

import dev.resilient.spring.properties.ProfileProperties;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.core.env.Environment;

/**
 * Validates merged profile values into an {@link EffectiveProfile}, one mapping per pattern. Every
 * error names the property or annotation attribute the offending value came from (see
 * {@link Checks}).
 */
final class ProfileResolver {

    private ProfileResolver() {}

    static EffectiveProfile resolve(
            Environment environment,
            @Nullable ClassLoader classLoader,
            PropertyTree.Merged merged,
            @Nullable String methodId,
            List<String> profiles) {
        ProfileProperties p = merged.values();
        Checks check = new Checks(environment, classLoader, merged.origins(), methodId);
        // the order of validation, and of the sections a core rejection names
        Map<String, ConfigPart> parts = new LinkedHashMap<>();
        parts.put("retry", RetryMapping.map(p, check));
        parts.put("circuit-breaker", CircuitBreakerMapping.map(p, check));
        parts.put("rate-limit", RateLimitMapping.map(p, check));
        parts.put("bulkhead", BulkheadMapping.map(p, check));
        parts.put("timeout", TimeoutMapping.map(p, check));
        parts.put("slow-threshold", ObservationMapping.map(p, check));
        EffectiveProfile.Fallback fallback = FallbackMapping.resolve(p, check);
        parts.put("fallback", FallbackMapping.map(fallback));
        parts.put("failure-cache", FailureCacheMapping.map(p, check));
        parts.put("alert", AlertMapping.map(p, check));
        parts.put("aggregate", AggregateMapping.map(p, check));
        parts.put("logging", LoggingMapping.map(p, check));
        EffectiveProfile.Metrics metrics = MetricsMapping.resolve(p, check);
        parts.put("when", ConditionMapping.map(p, check));
        boolean active = ConditionMapping.active(p, check);
        parts.put("recovery", RecoveryMapping.recovery(p, check));
        parts.put("cleanup", RecoveryMapping.cleanup(p, check));

        Map<String, String> sources = new LinkedHashMap<>();
        merged.origins().forEach((key, origin) -> sources.put(key, origin.path()));
        return new EffectiveProfile(
                List.copyOf(profiles),
                p,
                Collections.unmodifiableMap(sources),
                active,
                fallback,
                metrics,
                EffectiveProfile.Backends.of(p),
                Collections.unmodifiableMap(parts));
    }
}
