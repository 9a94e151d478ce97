package dev.resilient.spring.redis;

import dev.resilient.backend.BackendFailureMode;
import dev.resilient.cache.FailureStore;
import dev.resilient.circuitbreaker.SharedCircuitState;
import dev.resilient.observation.alert.AlertCooldown;
import dev.resilient.ratelimiter.RateLimiterBackend;
import dev.resilient.redis.RedisSharedState;
import dev.resilient.spring.ResilientSharedState;
import java.util.Objects;

/** {@link ResilientSharedState} on {@code resilient-redis}. Closes its connections with the context. */
public class RedisResilientSharedState implements ResilientSharedState, AutoCloseable {

    private final RedisSharedState redis;

    public RedisResilientSharedState(RedisSharedState redis) {
        this.redis = Objects.requireNonNull(redis, "redis");
    }

    /** The underlying shared state: availability, failure counts, key prefix. */
    public RedisSharedState redis() {
        return this.redis;
    }

    @Override
    public String name() {
        return "redis";
    }

    @Override
    public RateLimiterBackend.Factory rateLimiters(BackendFailureMode onBackendFailure) {
        return this.redis.rateLimiters(onBackendFailure);
    }

    @Override
    public FailureStore.Factory failureStores(BackendFailureMode onBackendFailure) {
        return this.redis.failureStores(onBackendFailure);
    }

    @Override
    public AlertCooldown alertCooldown(BackendFailureMode onBackendFailure) {
        return this.redis.alertCooldown(onBackendFailure);
    }

    @Override
    public SharedCircuitState circuitState() {
        return this.redis.circuitState();
    }

    @Override
    public void close() {
        this.redis.close();
    }

    @Override
    public String toString() {
        return this.redis.toString();
    }
}
