package dev.resilient.ratelimiter;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The immutable configuration of a {@link RateLimiter}: {@code limit} permits per {@code period},
 * counted by a {@link RateLimitStrategy}; a caller waits at most {@code maxWait} for a permit
 * ({@link Duration#ZERO}: rejected at once); a server's {@code Retry-After} blocks the limiter for at
 * most {@code maxRetryAfter}.
 *
 * <p>With a {@link #keyFunction() key function} every distinct key of a call's arguments (a tenant, a
 * user) gets its own limit of {@code limit} permits per {@code period}; at most {@link #maxKeys()}
 * keys are tracked at once (in memory, the least recently used key is forgotten beyond that).
 */
public final class RateLimiterConfig {

    /** The longest accepted period, wait and Retry-After block. */
    public static final Duration MAX_DURATION = Duration.ofDays(365);

    /** The default bound on the keys a per-key limiter tracks at once. */
    public static final int DEFAULT_MAX_KEYS = 10_000;

    private static final RateLimiterConfig DEFAULTS = builder().build();

    private final int limit;
    private final Duration period;
    private final RateLimitStrategy strategy;
    private final Duration maxWait;
    private final Duration maxRetryAfter;
    private final RateLimiterBackend.@Nullable Factory backend;
    private final @Nullable Function<Object @Nullable [], ?> keyFunction;
    private final int maxKeys;

    private RateLimiterConfig(Builder builder) {
        this.limit = builder.limit;
        this.period = builder.period;
        this.strategy = builder.strategy;
        this.maxWait = builder.maxWait;
        this.maxRetryAfter = builder.maxRetryAfter;
        this.backend = builder.backend;
        this.keyFunction = builder.keyFunction;
        this.maxKeys = builder.maxKeys;
    }

    /** 100 permits per second, token bucket, no waiting, Retry-After capped at 5 minutes. */
    public static RateLimiterConfig ofDefaults() {
        return DEFAULTS;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from this configuration. */
    public Builder toBuilder() {
        return new Builder()
                .limit(limit)
                .period(period)
                .strategy(strategy)
                .maxWait(maxWait)
                .maxRetryAfter(maxRetryAfter)
                .backend(backend)
                .keyFunction(keyFunction)
                .maxKeys(maxKeys);
    }

    /** Permits per period. */
    public int limit() {
        return limit;
    }

    public Duration period() {
        return period;
    }

    public RateLimitStrategy strategy() {
        return strategy;
    }

    /** The longest a caller waits for a permit; zero rejects at once. */
    public Duration maxWait() {
        return maxWait;
    }

    /** The longest a server's Retry-After may block the limiter; longer hints are cut to this. */
    public Duration maxRetryAfter() {
        return maxRetryAfter;
    }

    /** Where permits are counted beyond this JVM; {@code null} (the default): in memory. */
    public RateLimiterBackend.@Nullable Factory backend() {
        return backend;
    }

    /**
     * Maps a call's arguments (possibly {@code null}) to the key whose own limit the call counts
     * against; {@code null} (the default): one limit for every call.
     */
    public @Nullable Function<Object @Nullable [], ?> keyFunction() {
        return keyFunction;
    }

    /** Whether each key of {@link #keyFunction()} has its own limit. */
    public boolean perKey() {
        return keyFunction != null;
    }

    /** The most keys tracked at once when {@link #perKey()}; default {@value #DEFAULT_MAX_KEYS}. */
    public int maxKeys() {
        return maxKeys;
    }

    @Override
    public String toString() {
        return "RateLimiterConfig{limit=" + limit + ", period=" + period + ", strategy=" + strategy + ", maxWait="
                + maxWait + ", maxRetryAfter=" + maxRetryAfter + (backend == null ? "" : ", backend=" + backend)
                + (keyFunction == null ? "" : ", key=" + keyFunction + ", maxKeys=" + maxKeys) + '}';
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RateLimiterConfig other
                && limit == other.limit
                && period.equals(other.period)
                && strategy == other.strategy
                && maxWait.equals(other.maxWait)
                && maxRetryAfter.equals(other.maxRetryAfter)
                && Objects.equals(backend, other.backend)
                && Objects.equals(keyFunction, other.keyFunction)
                && maxKeys == other.maxKeys;
    }

    @Override
    public int hashCode() {
        return Objects.hash(limit, period, strategy, maxWait, maxRetryAfter, backend, keyFunction, maxKeys);
    }

    /** Builds a validated {@link RateLimiterConfig}. */
    public static final class Builder {
        private int limit = 100;
        private Duration period = Duration.ofSeconds(1);
        private RateLimitStrategy strategy = RateLimitStrategy.TOKEN_BUCKET;
        private Duration maxWait = Duration.ZERO;
        private Duration maxRetryAfter = Duration.ofMinutes(5);
        private RateLimiterBackend.@Nullable Factory backend;
        private @Nullable Function<Object @Nullable [], ?> keyFunction;
        private int maxKeys = DEFAULT_MAX_KEYS;

        private Builder() {}

        /** Permits per period; at least 1. Default 100. */
        public Builder limit(int limit) {
            this.limit = limit;
            return this;
        }

        /** The period the limit applies to; positive, at most 365 days. Default 1 s. */
        public Builder period(Duration period) {
            this.period = period;
            return this;
        }

        /** Default {@link RateLimitStrategy#TOKEN_BUCKET}. */
        public Builder strategy(RateLimitStrategy strategy) {
            this.strategy = strategy;
            return this;
        }

        /** The longest a caller waits for a permit; zero (the default) rejects at once. */
        public Builder maxWait(Duration maxWait) {
            this.maxWait = maxWait;
            return this;
        }

        /** The cap on a server's Retry-After block; default 5 minutes. */
        public Builder maxRetryAfter(Duration maxRetryAfter) {
            this.maxRetryAfter = maxRetryAfter;
            return this;
        }

        /**
         * Counts permits in a shared store (e.g. {@code resilient-redis}) instead of in memory, so
         * every JVM using the same limiter name shares the limit; {@code null} (the default) counts
         * in memory.
         */
        public Builder backend(RateLimiterBackend.@Nullable Factory backend) {
            this.backend = backend;
            return this;
        }

        /**
         * Gives every key that {@code keyFunction} maps a call's arguments to its own limit (the same
         * {@code limit}, {@code period} and {@code strategy}); a {@code null} key is one key of its
         * own. Keys are compared with {@code equals} in memory (an {@code Object[]} by its elements)
         * and by their string form ({@code String.valueOf}) in a shared backend. A function that throws fails the call before
         * any permit is taken. {@code null} (the default): one limit for every call.
         */
        public Builder keyFunction(@Nullable Function<Object @Nullable [], ?> keyFunction) {
            this.keyFunction = keyFunction;
            return this;
        }

        /**
         * The most keys tracked at once when a {@link #keyFunction key function} is set; at least 1,
         * default {@value RateLimiterConfig#DEFAULT_MAX_KEYS}. In memory, a new key beyond it evicts
         * the least recently used one, whose count is forgotten.
         */
        public Builder maxKeys(int maxKeys) {
            this.maxKeys = maxKeys;
            return this;
        }

        /** Validates and builds; a bad value throws {@link IllegalArgumentException} naming it. */
        public RateLimiterConfig build() {
            if (limit < 1) {
                throw new IllegalArgumentException("limit must be >= 1 but was " + limit);
            }
            if (period == null || period.isNegative() || period.isZero()) {
                throw new IllegalArgumentException("period must be > 0 but was " + period);
            }
            if (period.compareTo(MAX_DURATION) > 0) {
                throw new IllegalArgumentException("period must be <= " + MAX_DURATION + " but was " + period);
            }
            if (strategy == null) {
                throw new IllegalArgumentException("strategy must not be null");
            }
            checkNonNegative("maxWait", maxWait);
            checkNonNegative("maxRetryAfter", maxRetryAfter);
            if (maxKeys < 1) {
                throw new IllegalArgumentException("maxKeys must be >= 1 but was " + maxKeys);
            }
            return new RateLimiterConfig(this);
        }

        private static void checkNonNegative(String field, Duration value) {
            if (value == null || value.isNegative()) {
                throw new IllegalArgumentException(field + " must be >= 0 but was " + value);
            }
            if (value.compareTo(MAX_DURATION) > 0) {
                throw new IllegalArgumentException(field + " must be <= " + MAX_DURATION + " but was " + value);
            }
        }
    }
}
