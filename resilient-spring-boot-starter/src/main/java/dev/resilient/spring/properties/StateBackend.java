package dev.resilient.spring.properties;

/**
 * Where a kind of state (rate limit, failure cache, alert cooldown, circuit state) is kept.
 */
public enum StateBackend {
    /** In this application's memory (the default): each instance of the service counts alone. */
    MEMORY,
    /**
     * In Redis, shared by every instance of the service: needs {@code resilient-redis} and Spring Data
     * Redis on the class path (see docs/redis.md).
     */
    REDIS
}
