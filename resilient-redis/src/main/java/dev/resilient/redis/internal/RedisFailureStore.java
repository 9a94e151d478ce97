package dev.resilient.redis.internal;

import dev.resilient.backend.BackendFailureMode;
import dev.resilient.backend.BackendUnavailableException;
import dev.resilient.cache.FailureCache;
import dev.resilient.cache.FailureCacheConfig;
import dev.resilient.cache.FailureStore;
import dev.resilient.cache.RemoteFailure;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/**
 * Failed keys in Redis: one string key per failed call key ({@code <prefix>{<instance>}:fc:<key>},
 * the call key by its string form), holding the failure's type and message, expiring after the TTL.
 * A lookup is one round trip; forgetting a key after a success is sent without waiting. While Redis
 * fails the {@link BackendFailureMode} answers a lookup: no hit, a
 * {@link BackendUnavailableException}, or this JVM's in-memory cache (which, in that mode, also
 * records every failure and success).
 */
public final class RedisFailureStore implements FailureStore {

    static final String BACKEND = "redis failure cache";
    private static final int MAX_MESSAGE = 500;

    private final String name;
    private final RedisExecutor redis;
    private final Keys keys;
    private final BackendFailureMode mode;
    private final FailureCache local;
    private final long ttlMillis;

    public RedisFailureStore(
            String name,
            FailureCacheConfig config,
            FailureCache local,
            RedisExecutor redis,
            Keys keys,
            BackendFailureMode mode) {
        this.name = name;
        this.redis = redis;
        this.keys = keys;
        this.mode = mode;
        this.local = local;
        this.ttlMillis = Math.max(1, config.ttl().toMillis());
    }

    @Override
    public @Nullable Hit lookup(Object key) {
        List<Object> reply;
        try {
            reply = redis.eval(Scripts.FAILURE_LOOKUP, ScriptOutputType.MULTI, new String[] {keyOf(key)});
        } catch (RuntimeException e) {
            return fallback(key, e);
        }
        return hit(reply);
    }

    @Override
    public CompletionStage<Hit> lookupAsync(Object key) {
        return redis.<List<Object>>evalAsync(Scripts.FAILURE_LOOKUP, ScriptOutputType.MULTI, new String[] {keyOf(key)})
                .handle((reply, failure) -> {
                    if (failure == null) {
                        return CompletableFuture.completedFuture(hit(reply));
                    }
                    try {
                        return CompletableFuture.completedFuture(fallback(key, failure));
                    } catch (RuntimeException e) {
                        return CompletableFuture.<Hit>failedFuture(e);
                    }
                })
                .thenCompose(stage -> stage);
    }

    @Override
    public void remember(Object key, Throwable failure) {
        if (local != null && mode == BackendFailureMode.LOCAL) {
            local.remember(key, failure);
        }
        String value = failure.getClass().getName() + "\n" + message(failure);
        try {
            redis.call(c -> c.set(keyOf(key), value, SetArgs.Builder.px(ttlMillis)));
        } catch (RuntimeException e) {
            redis.health().fellBack(); // the failure stays unknown to the other JVMs
        }
    }

    @Override
    public void invalidate(Object key) {
        if (local != null && mode == BackendFailureMode.LOCAL) {
            local.invalidate(key);
        }
        // fire and forget: a success does not wait for Redis
        redis.callAsync(c -> c.del(keyOf(key)));
    }

    private String keyOf(Object key) {
        return keys.of(name, "fc", String.valueOf(key));
    }

    private static @Nullable Hit hit(@Nullable List<Object> reply) {
        if (reply == null || reply.size() < 2 || reply.get(0) == null) {
            return null;
        }
        String value = String.valueOf(reply.get(0));
        long pttl = reply.get(1) instanceof Long l ? l : 0L;
        int newline = value.indexOf('\n');
        String type = newline < 0 ? value : value.substring(0, newline);
        String message = newline < 0 ? null : value.substring(newline + 1);
        RemoteFailure failure = new RemoteFailure(type, message == null || message.isEmpty() ? null : message);
        Duration remaining = Duration.ofMillis(Math.max(0, pttl));
        return new Hit() {
            @Override
            public Throwable failure() {
                return failure;
            }

            @Override
            public Duration remaining() {
                return remaining;
            }
        };
    }

    private @Nullable Hit fallback(Object key, Throwable failure) {
        redis.health().fellBack();
        return switch (mode) {
            case ALLOW -> null;
            case DENY -> throw new BackendUnavailableException(name, BACKEND, RedisExecutor.unwrap(failure));
            case LOCAL -> local.lookup(key);
        };
    }

    private static String message(Throwable failure) {
        String message = failure.getMessage();
        if (message == null) {
            return "";
        }
        return message.length() <= MAX_MESSAGE ? message : message.substring(0, MAX_MESSAGE) + "...";
    }

    @Override
    public String toString() {
        return "RedisFailureStore{" + keys.of(name, "fc") + ", onBackendFailure=" + mode + '}';
    }
}
