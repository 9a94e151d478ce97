package dev.resilient.redis;

import dev.resilient.backend.BackendFailureMode;
import dev.resilient.cache.FailureStore;
import dev.resilient.circuitbreaker.SharedCircuitState;
import dev.resilient.observation.alert.AlertCooldown;
import dev.resilient.ratelimiter.RateLimiterBackend;
import dev.resilient.redis.internal.BackendHealth;
import dev.resilient.redis.internal.Keys;
import dev.resilient.redis.internal.RedisAlertCooldown;
import dev.resilient.redis.internal.RedisCircuitState;
import dev.resilient.redis.internal.RedisExecutor;
import dev.resilient.redis.internal.RedisFailureStore;
import dev.resilient.redis.internal.RedisRateLimiterBackend;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.jspecify.annotations.Nullable;

/**
 * State shared by every JVM of a service through one Redis (standalone or Cluster), on Lettuce:
 * the backends that {@code resilient-core}'s rate limiter, failure cache, alert manager and circuit
 * breaker accept in their configs. Every command has a short timeout of its own; while Redis fails
 * or is slow each backend answers as its {@link BackendFailureMode} says, and recovers by itself
 * when Redis answers again ({@link #available()}, {@link #failures()}).
 *
 * <p>A per-key rate limit ({@code RateLimiterConfig.Builder.keyFunction}) counts each key under keys
 * of its own, {@code <prefix>{<name>:<key>}:<kind>}, so the keys of one key's script share a slot.
 *
 * <p>Opens its own connections from the given client and closes them on {@link #close()}; the
 * client itself stays the caller's. Thread-safe.
 *
 * <pre>{@code
 * RedisSharedState redis = RedisSharedState.builder(RedisClient.create("redis://localhost"))
 *         .keyPrefix("resilient:orders:").build();
 * RateLimiterConfig config = RateLimiterConfig.builder().limit(100).period(Duration.ofMinutes(1))
 *         .backend(redis.rateLimiters(BackendFailureMode.LOCAL)).build();
 * }</pre>
 */
public final class RedisSharedState implements AutoCloseable {

    /** The default timeout of each Redis command. */
    public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofMillis(200);
    /** The default time Redis is left alone after a failure before one command probes it. */
    public static final Duration DEFAULT_RETRY_INTERVAL = Duration.ofSeconds(1);
    /** The default interval closed circuits check for an opening they missed. */
    public static final Duration DEFAULT_CIRCUIT_SYNC_INTERVAL = Duration.ofSeconds(1);

    private final Keys keys;
    private final Duration commandTimeout;
    private final Duration circuitSyncInterval;
    private volatile @Nullable StatefulConnection<String, String> connection;
    private final ScheduledExecutorService background;
    private final RedisExecutor executor;
    private final BackendHealth health;
    private final AbstractRedisClient client;
    private final Map<BackendFailureMode, RateLimiterBackend.Factory> rateLimiters =
            new EnumMap<>(BackendFailureMode.class);
    private final Map<BackendFailureMode, FailureStore.Factory> failureStores = new EnumMap<>(BackendFailureMode.class);
    private final Map<BackendFailureMode, AlertCooldown> alertCooldowns = new EnumMap<>(BackendFailureMode.class);
    private @Nullable RedisCircuitState circuitState;

    private RedisSharedState(Builder b) {
        this.client = b.client;
        this.keys = new Keys(b.keyPrefix);
        this.commandTimeout = b.commandTimeout;
        this.circuitSyncInterval = b.circuitSyncInterval;
        this.health = new BackendHealth(b.retryInterval.toNanos(), System::nanoTime);
        if (!(client instanceof RedisClusterClient) && !(client instanceof RedisClient)) {
            throw new IllegalArgumentException("client must be a RedisClient or RedisClusterClient but was " + client);
        }
        this.background = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "resilient-redis");
            thread.setDaemon(true);
            return thread;
        });
        this.executor = new RedisExecutor(this::connect, background, commandTimeout, health);
        // Redis down at start-up does not stop the application: the backends answer by their mode
        // and the connection is retried in the background every retry interval
        executor.connectNow();
        for (BackendFailureMode mode : BackendFailureMode.values()) {
            rateLimiters.put(mode, new RateLimiterFactory(mode));
            failureStores.put(mode, new FailureStoreFactory(mode));
            alertCooldowns.put(mode, new RedisAlertCooldown(executor, keys, mode));
        }
    }

    private synchronized RedisClusterAsyncCommands<String, String> connect() {
        if (client instanceof RedisClusterClient cluster) {
            var c = cluster.connect(StringCodec.UTF8);
            this.connection = c;
            return c.async();
        }
        var c = ((RedisClient) client).connect(StringCodec.UTF8);
        this.connection = c;
        return c.async();
    }

    private StatefulRedisPubSubConnection<String, String> connectPubSub() {
        return client instanceof RedisClusterClient cluster
                ? cluster.connectPubSub(StringCodec.UTF8)
                : ((RedisClient) client).connectPubSub(StringCodec.UTF8);
    }

    /** A builder for shared state on the Redis that {@code client} connects to. */
    public static Builder builder(AbstractRedisClient client) {
        return new Builder(client);
    }

    /** Rate limiter backends counting permits in Redis; one instance per mode, for config equality. */
    public RateLimiterBackend.Factory rateLimiters(BackendFailureMode onBackendFailure) {
        return ofMode(rateLimiters, onBackendFailure);
    }

    /** Failure stores keeping failed keys in Redis. */
    public FailureStore.Factory failureStores(BackendFailureMode onBackendFailure) {
        return ofMode(failureStores, onBackendFailure);
    }

    /** Alert cooldowns claimed in Redis. */
    public AlertCooldown alertCooldown(BackendFailureMode onBackendFailure) {
        return ofMode(alertCooldowns, onBackendFailure);
    }

    /** The one value per mode, put in for every mode by the constructor. */
    private static <V> V ofMode(Map<BackendFailureMode, V> values, BackendFailureMode mode) {
        return Objects.requireNonNull(values.get(Objects.requireNonNull(mode, "onBackendFailure")));
    }

    /**
     * Circuit OPEN state shared through Redis (pub/sub, plus a poll every circuit sync interval).
     * Opens a pub/sub connection on first use. While Redis is down each JVM's circuit works alone.
     */
    public synchronized SharedCircuitState circuitState() {
        if (circuitState == null) {
            circuitState = new RedisCircuitState(
                    executor, keys, this::connectPubSub, background, circuitSyncInterval.toNanos());
        }
        return circuitState;
    }

    /** Whether Redis answered the last command (false from a failure until a probe succeeds). */
    public boolean available() {
        return health.up();
    }

    /** Redis commands that failed or timed out so far. */
    public long failures() {
        return health.failures();
    }

    /** Decisions taken by an {@code on-backend-failure} mode instead of Redis so far. */
    public long fallbacks() {
        return health.fallbacks();
    }

    /** The last Redis failure, or {@code null}. */
    public @Nullable Throwable lastFailure() {
        return health.lastFailure();
    }

    /** The prefix of every key (braces removed). */
    public String keyPrefix() {
        return keys.prefix();
    }

    public Duration commandTimeout() {
        return commandTimeout;
    }

    /** Closes the connections this opened; the client stays open. */
    @Override
    public synchronized void close() {
        background.shutdownNow();
        if (circuitState != null) {
            circuitState.close();
        }
        if (connection != null) {
            connection.close();
        }
    }

    @Override
    public String toString() {
        return "RedisSharedState{prefix=" + keys.prefix() + ", commandTimeout=" + commandTimeout + ", available="
                + available() + '}';
    }

    private final class RateLimiterFactory implements RateLimiterBackend.Factory {
        private final BackendFailureMode mode;

        RateLimiterFactory(BackendFailureMode mode) {
            this.mode = mode;
        }

        @Override
        public RateLimiterBackend create(
                String name, dev.resilient.ratelimiter.RateLimiterConfig config, dev.resilient.time.Clock clock) {
            return new RedisRateLimiterBackend(name, name, config, clock, executor, keys, mode);
        }

        @Override
        public RateLimiterBackend create(
                String name,
                String key,
                dev.resilient.ratelimiter.RateLimiterConfig config,
                dev.resilient.time.Clock clock) {
            return new RedisRateLimiterBackend(name, keys.perKey(name, key), config, clock, executor, keys, mode);
        }

        @Override
        public String toString() {
            return "redis(onBackendFailure=" + mode.name().toLowerCase(java.util.Locale.ROOT) + ")";
        }
    }

    private final class FailureStoreFactory implements FailureStore.Factory {
        private final BackendFailureMode mode;

        FailureStoreFactory(BackendFailureMode mode) {
            this.mode = mode;
        }

        @Override
        public FailureStore create(
                String name, dev.resilient.cache.FailureCacheConfig config, dev.resilient.cache.FailureCache local) {
            return new RedisFailureStore(name, config, local, executor, keys, mode);
        }

        @Override
        public String toString() {
            return "redis(onBackendFailure=" + mode.name().toLowerCase(java.util.Locale.ROOT) + ")";
        }
    }

    /** Builds a {@link RedisSharedState}. */
    public static final class Builder {
        private final AbstractRedisClient client;
        private String keyPrefix = "resilient:";
        private Duration commandTimeout = DEFAULT_COMMAND_TIMEOUT;
        private Duration retryInterval = DEFAULT_RETRY_INTERVAL;
        private Duration circuitSyncInterval = DEFAULT_CIRCUIT_SYNC_INTERVAL;

        private Builder(AbstractRedisClient client) {
            this.client = Objects.requireNonNull(client, "client");
        }

        /** Prefix of every key, e.g. {@code resilient:orders:}; default {@code resilient:}. */
        public Builder keyPrefix(String keyPrefix) {
            this.keyPrefix = keyPrefix;
            return this;
        }

        /** Timeout of each command; default 200 ms. */
        public Builder commandTimeout(Duration commandTimeout) {
            this.commandTimeout = commandTimeout;
            return this;
        }

        /** After a failure, how long no command is sent before one probes Redis; default 1 s. */
        public Builder retryInterval(Duration retryInterval) {
            this.retryInterval = retryInterval;
            return this;
        }

        /** How often closed circuits check for an opening they missed; default 1 s. */
        public Builder circuitSyncInterval(Duration circuitSyncInterval) {
            this.circuitSyncInterval = circuitSyncInterval;
            return this;
        }

        /** Validates, connects and builds; a bad value throws {@link IllegalArgumentException} naming it. */
        public RedisSharedState build() {
            if (keyPrefix == null) {
                throw new IllegalArgumentException("keyPrefix must not be null");
            }
            positive("commandTimeout", commandTimeout);
            positive("retryInterval", retryInterval);
            positive("circuitSyncInterval", circuitSyncInterval);
            return new RedisSharedState(this);
        }

        private static void positive(String field, Duration value) {
            if (value == null || value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(field + " must be > 0 but was " + value);
            }
        }
    }
}
