package dev.resilient.spring.properties;

import dev.resilient.ratelimiter.RateLimitStrategy;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Rate limiter: at most limit calls per period.
 * The {@code rate-limit.*} keys of a profile: {@code resilient.defaults.rate-limit.*} and
 * {@code resilient.profiles.<name>.rate-limit.*}.
 */
public class RateLimitProperties {

    /**
     * Where permits are counted: memory (per instance, the default) or redis (shared by every instance).
     */
    private @Nullable StateBackend backend;

    public @Nullable StateBackend getBackend() {
        return this.backend;
    }

    public void setBackend(@Nullable StateBackend backend) {
        this.backend = backend;
    }

    /**
     * Number of calls permitted per period.
     */
    private @Nullable Integer limit;

    /**
     * Length of the period the limit applies to.
     */
    private @Nullable Duration period;

    /**
     * Algorithm: token-bucket, sliding-window or fixed-window.
     */
    private @Nullable RateLimitStrategy strategy;

    /**
     * How long a call may wait for a permit before it is rejected; 0 rejects at once.
     */
    private @Nullable Duration maxWait;

    /**
     * SpEL expression over the method's arguments (#p0, #args, parameter names) whose value gets a
     * limit of its own, such as #tenantId; unset: one limit for every call.
     */
    private @Nullable String key;

    /**
     * Maximum number of keys with a limit of their own tracked at once; when full, the least
     * recently used key is evicted and its count forgotten.
     */
    private @Nullable Integer maxKeys;

    public @Nullable String getKey() {
        return this.key;
    }

    public void setKey(@Nullable String key) {
        this.key = key;
    }

    public @Nullable Integer getMaxKeys() {
        return this.maxKeys;
    }

    public void setMaxKeys(@Nullable Integer maxKeys) {
        this.maxKeys = maxKeys;
    }

    public @Nullable Integer getLimit() {
        return this.limit;
    }

    public void setLimit(@Nullable Integer limit) {
        this.limit = limit;
    }

    public @Nullable Duration getPeriod() {
        return this.period;
    }

    public void setPeriod(@Nullable Duration period) {
        this.period = period;
    }

    public @Nullable RateLimitStrategy getStrategy() {
        return this.strategy;
    }

    public void setStrategy(@Nullable RateLimitStrategy strategy) {
        this.strategy = strategy;
    }

    public @Nullable Duration getMaxWait() {
        return this.maxWait;
    }

    public void setMaxWait(@Nullable Duration maxWait) {
        this.maxWait = maxWait;
    }
}
