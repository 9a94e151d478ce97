package dev.resilient.ratelimiter;

import dev.resilient.ratelimiter.internal.FixedWindow;
import dev.resilient.ratelimiter.internal.LeastRecentlyUsed;
import dev.resilient.ratelimiter.internal.PermitAlgorithm;
import dev.resilient.ratelimiter.internal.SlidingWindowLog;
import dev.resilient.ratelimiter.internal.TokenBucket;
import dev.resilient.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The thread-safe state of one rate limiter: hands out at most {@link RateLimiterConfig#limit()}
 * permits per {@link RateLimiterConfig#period()} as its {@link RateLimitStrategy} counts them.
 * A caller either takes a permit now ({@link #tryAcquire()}) or reserves one that frees within
 * {@link RateLimiterConfig#maxWait()} and waits for it itself ({@link #reservePermission()}); a
 * reservation is never overtaken by a later caller. {@link #onRetryAfter(Duration)} blocks every
 * permit until a server's Retry-After has passed. No allocation on any path (with per-key limits: once
 * the key is tracked).
 *
 * <p>When the config names a {@link RateLimiterConfig#backend() backend}, the permits are counted
 * there (e.g. in Redis, shared by every JVM using the same name) instead of in memory; a Retry-After
 * block stays local to this JVM. Asynchronous callers then use {@link #reservePermissionAsync()},
 * which never blocks on the backend.
 *
 * <p>When the config has a {@link RateLimiterConfig#keyFunction() key function}, every key has a
 * limiter of its own ({@link #forKey(Object)}, {@link #forArguments(Object[])}), created on first use;
 * at most {@link RateLimiterConfig#maxKeys()} are kept, and a new key beyond that evicts the least
 * recently used one (its count is forgotten: if it comes back, it starts afresh). The per-key
 * limiters share this limiter's Retry-After block and its granted and rejected counts. Used without a
 * key, a per-key limiter counts for the {@code null} key.
 */
// exactly one of backend, algorithm and perKey is set (see the constructors); NullAway cannot see that invariant
@SuppressWarnings("NullAway")
public final class RateLimiter {

    /** Returned by {@link #reservePermission()} when no permit frees within the maximum wait. */
    public static final long NOT_PERMITTED = PermitAlgorithm.REJECTED;

    private final String name;
    private final RateLimiterConfig config;
    private final Clock clock;
    private final @Nullable PermitAlgorithm algorithm;
    private final @Nullable RateLimiterBackend backend;
    private final long origin;
    private final long maxWaitNanos;
    private final long maxRetryAfterNanos;
    private final AtomicLong blockedUntil;
    private final LongAdder granted;
    private final LongAdder rejected;
    /** The limiters of each key, when the config has a key function; then this limiter counts nothing itself. */
    private final @Nullable LeastRecentlyUsed<RateLimiter> perKey;

    private final @Nullable Function<Object @Nullable [], ?> keyFunction;

    private RateLimiter(String name, RateLimiterConfig config, Clock clock) {
        this.name = Objects.requireNonNull(name, "name");
        this.config = Objects.requireNonNull(config, "config");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.origin = clock.nanoTime();
        this.maxWaitNanos = config.maxWait().toNanos();
        this.maxRetryAfterNanos = config.maxRetryAfter().toNanos();
        this.blockedUntil = new AtomicLong();
        this.granted = new LongAdder();
        this.rejected = new LongAdder();
        this.keyFunction = config.keyFunction();
        if (keyFunction != null) {
            RateLimiterConfig keyConfig = config.toBuilder().keyFunction(null).build();
            this.perKey = new LeastRecentlyUsed<>(config.maxKeys(), key -> new RateLimiter(this, keyConfig, key));
            this.backend = null;
            this.algorithm = null;
        } else {
            this.perKey = null;
            this.backend = config.backend() == null ? null : config.backend().create(name, config, clock);
            this.algorithm = backend == null ? algorithm(config) : null;
        }
    }

    /** The limiter of one key of {@code parent}, sharing its timeline, Retry-After block and counts. */
    private RateLimiter(RateLimiter parent, RateLimiterConfig keyConfig, Object key) {
        this.name = parent.name;
        this.config = keyConfig;
        this.clock = parent.clock;
        this.origin = parent.origin;
        this.maxWaitNanos = parent.maxWaitNanos;
        this.maxRetryAfterNanos = parent.maxRetryAfterNanos;
        this.blockedUntil = parent.blockedUntil;
        this.granted = parent.granted;
        this.rejected = parent.rejected;
        this.perKey = null;
        this.keyFunction = null;
        RateLimiterBackend.Factory factory = keyConfig.backend();
        // NULL_KEY's string form is "null", like String.valueOf(null)
        this.backend = factory == null ? null : factory.create(name, String.valueOf(key), keyConfig, clock);
        this.algorithm = backend == null ? algorithm(keyConfig) : null;
    }

    /** A per-key limiter's key for {@code null}, which has a limit of its own like any other key. */
    private static final Object NULL_KEY = new Object() {
        @Override
        public String toString() {
            return "null";
        }
    };

    // with a backend the permits are counted there: no in-memory state (a sliding log is limit-sized)
    private static PermitAlgorithm algorithm(RateLimiterConfig config) {
        long period = config.period().toNanos();
        return switch (config.strategy()) {
            case TOKEN_BUCKET -> new TokenBucket(config.limit(), period);
            case SLIDING_WINDOW -> new SlidingWindowLog(config.limit(), period);
            case FIXED_WINDOW -> new FixedWindow(config.limit(), period);
        };
    }

    /** A limiter named {@code name}; its windows start now on {@code clock}. */
    public static RateLimiter of(String name, RateLimiterConfig config, Clock clock) {
        return new RateLimiter(name, config, clock);
    }

    public String name() {
        return name;
    }

    public RateLimiterConfig config() {
        return config;
    }

    /** Whether each key has its own limit ({@link RateLimiterConfig#perKey()}); see {@link #forKey(Object)}. */
    public boolean perKey() {
        return perKey != null;
    }

    /**
     * The limiter that counts the permits of {@code key} ({@code null} is a key of its own; an
     * {@code Object[]} is compared by its elements), created on first use; at most {@link RateLimiterConfig#maxKeys()} are kept, the least recently used one
     * is evicted to make room for a new key. Nothing is allocated when the key is already tracked.
     *
     * @throws IllegalStateException when this limiter has no key function
     */
    public RateLimiter forKey(@Nullable Object key) {
        if (perKey == null) {
            throw new IllegalStateException("rate limiter '" + name
                    + "' has one limit for every call; per-key limits need RateLimiterConfig.Builder.keyFunction");
        }
        return perKey.get(key == null ? NULL_KEY : key instanceof Object[] array ? Arrays.asList(array.clone()) : key);
    }

    /**
     * The limiter that counts a call with {@code args}: this one, or with a key function the one of
     * the key it maps {@code args} to ({@link #forKey(Object)}). Exceptions of the key function are
     * thrown as they are.
     */
    public RateLimiter forArguments(Object @Nullable [] args) {
        return keyFunction == null ? this : forKey(keyFunction.apply(args));
    }

    /** The number of keys with a limiter of their own now (at most {@code maxKeys}); 0 without a key function. */
    public int trackedKeys() {
        return perKey == null ? 0 : perKey.size();
    }

    /** The keys evicted so far to make room for new ones; 0 without a key function. */
    public long evictedKeys() {
        return perKey == null ? 0 : perKey.evictions();
    }

    /** Takes one permit if one is free now. */
    public boolean tryAcquire() {
        return tryAcquire(1);
    }

    /**
     * Takes {@code permits} permits if they are all free now.
     *
     * @throws IllegalArgumentException unless {@code 1 <= permits <= limit}
     */
    public boolean tryAcquire(int permits) {
        if (perKey != null) {
            return forKey(null).tryAcquire(permits);
        }
        checkPermits(permits);
        long now = now();
        long reply = backend == null ? algorithm.reserve(permits, now, from(now), 0) : reserveShared(permits, now, 0);
        if (reply == 0) {
            granted.add(permits);
            return true;
        }
        rejected.increment();
        return false;
    }

    /**
     * Reserves one permit that frees within {@code maxWait} and returns the nanoseconds the caller
     * must wait before using it (0: use it now), or {@link #NOT_PERMITTED} (negative) when none
     * frees in time; then nothing is reserved. With a shared backend a rejection is any negative value,
     * {@link RateLimiterBackend#rejection(long)} of the time until a permit frees.
     */
    public long reservePermission() {
        return reservePermission(1);
    }

    /** Like {@link #reservePermission()} for {@code permits} permits (1 to limit). */
    public long reservePermission(int permits) {
        if (perKey != null) {
            return forKey(null).reservePermission(permits);
        }
        checkPermits(permits);
        long now = now();
        long wait = backend == null
                ? algorithm.reserve(permits, now, from(now), maxWaitNanos)
                : reserveShared(permits, now, maxWaitNanos);
        if (wait < 0) {
            rejected.increment();
            return backend == null ? NOT_PERMITTED : wait;
        }
        granted.add(permits);
        return wait;
    }

    /** Whether permits are counted in a shared backend rather than in memory. */
    public boolean shared() {
        return config.backend() != null;
    }

    /**
     * Like {@link #reservePermission()}, for asynchronous callers: with a shared backend the reply
     * comes without blocking the calling thread; in memory it is computed at once.
     */
    public CompletionStage<Long> reservePermissionAsync() {
        if (perKey != null) {
            return forKey(null).reservePermissionAsync();
        }
        if (backend == null) {
            try {
                return CompletableFuture.completedFuture(reservePermission());
            } catch (RuntimeException e) {
                return CompletableFuture.failedFuture(e);
            }
        }
        long now = now();
        long blocked = blockedUntil.get() - now;
        if (blocked > 0 && blocked > maxWaitNanos) {
            rejected.increment();
            return CompletableFuture.completedFuture(RateLimiterBackend.rejection(Math.max(1, blocked)));
        }
        long extra = Math.max(0, blocked);
        return backend.reserveAsync(1, maxWaitNanos - extra).thenApply(reply -> {
            if (reply < 0) {
                rejected.increment();
                return reply == NOT_PERMITTED ? RateLimiterBackend.rejection(1) : reply;
            }
            granted.increment();
            return reply + extra;
        });
    }

    /** The nanoseconds until a permit frees, from a negative {@link #reservePermission()} reply. */
    public long untilPermit(long reply) {
        if (reply >= 0) {
            return 0;
        }
        if (perKey != null) {
            return forKey(null).untilPermit(reply);
        }
        return reply == NOT_PERMITTED ? nanosUntilPermit() : RateLimiterBackend.untilPermit(reply);
    }

    private long reserveShared(int permits, long now, long maxWait) {
        long blocked = blockedUntil.get() - now;
        if (blocked > 0) {
            if (blocked > maxWait) {
                return RateLimiterBackend.rejection(blocked);
            }
            long reply = backend.reserve(permits, maxWait - blocked);
            return reply < 0 ? nonDefault(reply) : reply + blocked;
        }
        return nonDefault(backend.reserve(permits, maxWait));
    }

    /** A shared rejection never equals {@link #NOT_PERMITTED}, which means "ask the in-memory algorithm". */
    private static long nonDefault(long reply) {
        return reply == NOT_PERMITTED ? RateLimiterBackend.rejection(1) : reply;
    }

    /** Permits that could be taken now without waiting. */
    public int availablePermits() {
        if (perKey != null) {
            return forKey(null).availablePermits();
        }
        if (backend != null) {
            return blockedUntil.get() - now() > 0 ? 0 : backend.availablePermits();
        }
        long now = now();
        return algorithm.available(now, from(now));
    }

    /** Nanoseconds until one permit could be taken, 0 when one is free now. */
    public long nanosUntilPermit() {
        if (perKey != null) {
            return forKey(null).nanosUntilPermit();
        }
        if (backend != null) {
            long blocked = blockedUntil.get() - now();
            return blocked > 0 ? blocked : backend.nanosUntilPermit();
        }
        long now = now();
        return algorithm.nanosUntilPermit(now, from(now));
    }

    /**
     * Blocks every permit for {@code retryAfter} from now, as a server's 429 or 503 with
     * {@code Retry-After} asks; capped at {@link RateLimiterConfig#maxRetryAfter()}. {@code null},
     * zero or negative values are ignored; an earlier, longer block is kept. With per-key limits the
     * block applies to every key.
     */
    public void onRetryAfter(Duration retryAfter) {
        if (retryAfter == null || retryAfter.isNegative() || retryAfter.isZero()) {
            return;
        }
        long nanos = retryAfter.compareTo(config.maxRetryAfter()) >= 0 ? maxRetryAfterNanos : retryAfter.toNanos();
        long until = now() + nanos;
        blockedUntil.accumulateAndGet(until, Math::max);
    }

    /** Permits granted so far (including reserved ones); with per-key limits, over every key. */
    public long grantedPermits() {
        return granted.sum();
    }

    /** Requests rejected so far; with per-key limits, over every key. */
    public long rejectedRequests() {
        return rejected.sum();
    }

    @Override
    public String toString() {
        return "RateLimiter{name=" + name
                + (perKey != null ? ", keys=" + perKey.size() : ", available=" + availablePermits()) + ", " + config
                + '}';
    }

    private long now() {
        return clock.nanoTime() - origin;
    }

    private long from(long now) {
        return Math.max(now, blockedUntil.get());
    }

    private void checkPermits(int permits) {
        if (permits < 1 || permits > config.limit()) {
            throw new IllegalArgumentException(
                    "permits must be between 1 and the limit " + config.limit() + " but was " + permits);
        }
    }
}
