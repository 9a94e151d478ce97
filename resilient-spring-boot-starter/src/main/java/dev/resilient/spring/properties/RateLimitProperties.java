package dev.resilient.spring.properties;

import dev.resilient.ratelimiter.RateLimitStrategy;
import java.time.Duration;

/**
 * Rate limiter: at most limit calls per period.
 * The {@code rate-limit.*} keys of a profile: {@code resilient.defaults.rate-limit.*} and
 * {@code resilient.profiles.<name>.rate-limit.*}.
 */
public class RateLimitProperties {

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
