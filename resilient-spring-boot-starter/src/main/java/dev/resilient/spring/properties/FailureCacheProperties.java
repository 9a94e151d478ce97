package dev.resilient.spring.properties;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Failure cache: remember for a while that a call with a given key failed and fail fast.
 * The {@code failure-cache.*} keys of a profile: {@code resilient.defaults.failure-cache.*} and
 * {@code resilient.profiles.<name>.failure-cache.*}.
 */
public class FailureCacheProperties {

    /**
     * Where failed keys are remembered: memory (per instance, the default) or redis (shared by every instance).
     */
    private @Nullable StateBackend backend;

    public @Nullable StateBackend getBackend() {
        return this.backend;
    }

    public void setBackend(@Nullable StateBackend backend) {
        this.backend = backend;
    }

    /**
     * How long a failure is remembered; unset disables the failure cache.
     */
    private @Nullable Duration ttl;

    /**
     * SpEL expression computing the cache key from the arguments (#p0, #args, parameter names); unset uses all arguments.
     */
    private @Nullable String key;

    /**
     * Maximum number of remembered keys; the least recently used are evicted first.
     */
    private @Nullable Integer maxKeys;

    public @Nullable Duration getTtl() {
        return this.ttl;
    }

    public void setTtl(@Nullable Duration ttl) {
        this.ttl = ttl;
    }

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
}
