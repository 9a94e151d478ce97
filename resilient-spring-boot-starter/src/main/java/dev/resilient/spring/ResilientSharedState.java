package dev.resilient.spring;

import dev.resilient.backend.BackendFailureMode;
import dev.resilient.cache.FailureStore;
import dev.resilient.circuitbreaker.SharedCircuitState;
import dev.resilient.observation.alert.AlertCooldown;
import dev.resilient.ratelimiter.RateLimiterBackend;

/**
 * A store of state shared by every instance of the service, used by profiles that set
 * {@code backend: redis} on their {@code rate-limit}, {@code failure-cache}, {@code alert} or
 * {@code circuit-breaker}. Auto-configured from the application's Redis connection when
 * {@code resilient-redis} and Spring Data Redis are on the class path (see docs/redis.md); an
 * application may define its own bean instead.
 */
public interface ResilientSharedState {

    /** The backend's name as profiles write it, e.g. {@code redis}. */
    String name();

    /** Rate limiter backends answering as {@code onBackendFailure} says while the store fails. */
    RateLimiterBackend.Factory rateLimiters(BackendFailureMode onBackendFailure);

    /** Failure stores answering as {@code onBackendFailure} says while the store fails. */
    FailureStore.Factory failureStores(BackendFailureMode onBackendFailure);

    /** Alert cooldowns answering as {@code onBackendFailure} says while the store fails. */
    AlertCooldown alertCooldown(BackendFailureMode onBackendFailure);

    /** Shared circuit state; each instance's circuit works alone while the store fails. */
    SharedCircuitState circuitState();
}
