package dev.resilient.redis.internal;

import dev.resilient.backend.BackendFailureMode;
import dev.resilient.backend.BackendUnavailableException;
import dev.resilient.ratelimiter.RateLimitStrategy;
import dev.resilient.ratelimiter.RateLimiter;
import dev.resilient.ratelimiter.RateLimiterBackend;
import dev.resilient.ratelimiter.RateLimiterConfig;
import dev.resilient.time.Clock;
import io.lettuce.core.ScriptOutputType;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * A rate limiter's permits in Redis: one {@code EVALSHA} per acquire (token bucket as GCRA, or a
 * sliding window log), on the server's clock. A fixed window is counted as a sliding window, which is
 * never more permissive. While Redis fails the {@link BackendFailureMode} answers: a grant, a
 * {@link BackendUnavailableException}, or this JVM's own in-memory limiter with the same limit.
 */
public final class RedisRateLimiterBackend implements RateLimiterBackend {

    static final String BACKEND = "redis rate limiter";

    private final String name;
    private final RedisExecutor redis;
    private final BackendFailureMode mode;
    private final RateLimiterConfig localConfig;
    private final Clock clock;
    /** This JVM's own limiter while Redis fails ({@code local} mode), created on the first failure. */
    private volatile @Nullable RateLimiter local;

    private final boolean tokenBucket;
    private final String[] keys;
    private final String[] peekKeys;
    private final String interval;
    private final String period;
    private final String limit;

    /**
     * @param name the limiter's (instance's) name, for errors and the local limiter
     * @param tag the hash tag of its keys: the name, or {@link Keys#perKey} for one key of a per-key limit
     */
    public RedisRateLimiterBackend(
            String name,
            String tag,
            RateLimiterConfig config,
            Clock clock,
            RedisExecutor redis,
            Keys keyNames,
            BackendFailureMode mode) {
        this.name = name;
        this.redis = redis;
        this.mode = mode;
        this.localConfig = config.toBuilder().backend(null).keyFunction(null).build();
        this.clock = clock;
        this.tokenBucket = config.strategy() == RateLimitStrategy.TOKEN_BUCKET;
        long periodMicros =
                Math.max(1, TimeUnit.NANOSECONDS.toMicros(config.period().toNanos()));
        this.period = Long.toString(periodMicros);
        this.interval = Double.toString((double) periodMicros / config.limit());
        this.limit = Integer.toString(config.limit());
        if (tokenBucket) {
            this.keys = new String[] {keyNames.of(tag, "tb")};
        } else {
            this.keys = new String[] {keyNames.of(tag, "sw"), keyNames.of(tag, "sw:seq")};
        }
        this.peekKeys = new String[] {keys[0]};
    }

    @Override
    public long reserve(int permits, long maxWaitNanos) {
        long reply;
        try {
            reply = redis.<Long>eval(script(), ScriptOutputType.INTEGER, keys, args(permits, maxWaitNanos));
        } catch (RuntimeException e) {
            return fallback(permits, e);
        }
        return fromMicros(reply);
    }

    @Override
    public CompletionStage<Long> reserveAsync(int permits, long maxWaitNanos) {
        return redis.<Long>evalAsync(script(), ScriptOutputType.INTEGER, keys, args(permits, maxWaitNanos))
                .handle((reply, failure) -> failure == null
                        ? CompletableFuture.completedFuture(fromMicros(reply))
                        : fallbackAsync(permits, failure))
                .thenCompose(stage -> stage);
    }

    @Override
    public int availablePermits() {
        try {
            return (int) (long) peek().get(0);
        } catch (RuntimeException e) {
            RateLimiter fallback = local;
            return fallback != null ? fallback.availablePermits() : 0;
        }
    }

    @Override
    public long nanosUntilPermit() {
        try {
            return TimeUnit.MICROSECONDS.toNanos(peek().get(1));
        } catch (RuntimeException e) {
            RateLimiter fallback = local;
            return fallback != null ? fallback.nanosUntilPermit() : 0;
        }
    }

    private List<Long> peek() {
        return tokenBucket
                ? redis.eval(Scripts.TOKEN_BUCKET_PEEK, ScriptOutputType.MULTI, peekKeys, interval, period, limit)
                : redis.eval(Scripts.SLIDING_WINDOW_PEEK, ScriptOutputType.MULTI, peekKeys, period, limit);
    }

    private Script script() {
        return tokenBucket ? Scripts.TOKEN_BUCKET : Scripts.SLIDING_WINDOW;
    }

    private String[] args(int permits, long maxWaitNanos) {
        String maxWait = Long.toString(TimeUnit.NANOSECONDS.toMicros(Math.max(0, maxWaitNanos)));
        return tokenBucket
                ? new String[] {interval, period, Integer.toString(permits), maxWait}
                : new String[] {period, limit, Integer.toString(permits), maxWait};
    }

    private static long fromMicros(long reply) {
        if (reply >= 0) {
            return TimeUnit.MICROSECONDS.toNanos(reply);
        }
        return RateLimiterBackend.rejection(TimeUnit.MICROSECONDS.toNanos(-1 - reply));
    }

    private long fallback(int permits, Throwable failure) {
        redis.health().fellBack();
        return switch (mode) {
            case ALLOW -> 0;
            case DENY -> throw new BackendUnavailableException(name, BACKEND, RedisExecutor.unwrap(failure));
            case LOCAL -> {
                RateLimiter fallback = local();
                long wait = fallback.reservePermission(permits);
                yield wait >= 0 ? wait : RateLimiterBackend.rejection(Math.max(1, fallback.untilPermit(wait)));
            }
        };
    }

    private RateLimiter local() {
        RateLimiter fallback = local;
        if (fallback == null) {
            synchronized (this) {
                fallback = local;
                if (fallback == null) {
                    fallback = RateLimiter.of(name, localConfig, clock);
                    local = fallback;
                }
            }
        }
        return fallback;
    }

    private CompletionStage<Long> fallbackAsync(int permits, Throwable failure) {
        try {
            return CompletableFuture.completedFuture(fallback(permits, failure));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public String toString() {
        return "RedisRateLimiterBackend{" + keys[0] + ", onBackendFailure=" + mode + '}';
    }
}
