package dev.resilient.spring.internal;

import dev.resilient.backend.BackendFailureMode;
import dev.resilient.pipeline.PipelineConfig;
import dev.resilient.spring.ResilientConfigurationException;
import dev.resilient.spring.ResilientSharedState;
import dev.resilient.spring.properties.StateBackend;
import org.jspecify.annotations.Nullable;

/**
 * Puts a profile's shared backends ({@code <kind>.backend: redis}) into its pipeline configuration:
 * the limiter's permit backend, the failure cache's store, the alert's shared cooldown and the
 * circuit's shared state, each with the profile's {@code on-backend-failure}. A profile asking for a
 * backend the application does not have fails at start-up, naming the property.
 */
final class SharedStateBinding {

    private SharedStateBinding() {}

    static PipelineConfig apply(
            PipelineConfig config,
            EffectiveProfile profile,
            String instanceName,
            @Nullable ResilientSharedState shared) {
        EffectiveProfile.Backends backends = profile.backends();
        if (backends == null || !backends.anyShared()) {
            return config;
        }
        BackendFailureMode mode =
                BackendFailureMode.valueOf(backends.onBackendFailure().name());
        PipelineConfig.Builder b = config.toBuilder();
        if (backends.rateLimit() != StateBackend.MEMORY && config.rateLimiter().isPresent()) {
            ResilientSharedState store = require(shared, profile, "rate-limit.backend", instanceName);
            b.rateLimiter(config.rateLimiter().get().toBuilder()
                    .backend(store.rateLimiters(mode))
                    .build());
        }
        if (backends.failureCache() != StateBackend.MEMORY
                && config.failureCache().isPresent()) {
            ResilientSharedState store = require(shared, profile, "failure-cache.backend", instanceName);
            b.failureCache(config.failureCache().get().toBuilder()
                    .store(store.failureStores(mode))
                    .build());
        }
        if (backends.alert() != StateBackend.MEMORY && config.alert().isPresent()) {
            ResilientSharedState store = require(shared, profile, "alert.backend", instanceName);
            b.alert(config.alert().get().toBuilder()
                    .sharedCooldown(store.alertCooldown(mode))
                    .build());
        }
        if (backends.circuitBreaker() != StateBackend.MEMORY
                && config.circuitBreaker().isPresent()) {
            ResilientSharedState store = require(shared, profile, "circuit-breaker.backend", instanceName);
            b.circuitBreaker(config.circuitBreaker().get().toBuilder()
                    .sharedState(store.circuitState())
                    .build());
        }
        return b.build();
    }

    private static ResilientSharedState require(
            @Nullable ResilientSharedState shared, EffectiveProfile profile, String key, String instanceName) {
        if (shared != null) {
            return shared;
        }
        String property = profile.sources().getOrDefault(key, key);
        throw new ResilientConfigurationException(
                property,
                instanceName,
                "the profile keeps its state in redis, but no Redis shared state is configured",
                "Add dev.resilient:resilient-redis and spring-boot-starter-data-redis (with spring.data.redis.*)"
                        + " to the application, or set " + property + " to memory.");
    }
}
