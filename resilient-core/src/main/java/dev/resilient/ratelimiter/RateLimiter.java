package dev.resilient.ratelimiter;

import dev.resilient.ratelimiter.internal.FixedWindow;
import dev.resilient.ratelimiter.internal.PermitAlgorithm;
import dev.resilient.ratelimiter.internal.SlidingWindowLog;
import dev.resilient.ratelimiter.internal.TokenBucket;
import dev.resilient.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;

/**
 * The thread-safe state of one rate limiter: hands out at most {@link RateLimiterConfig#limit()}
 * permits per {@link RateLimiterConfig#period()} as its {@link RateLimitStrategy} counts them.
 * A caller either takes a permit now ({@link #tryAcquire()}) or reserves one that frees within
 * {@link RateLimiterConfig#maxWait()} and waits for it itself ({@link #reservePermission()}); a
 * reservation is never overtaken by a later caller. {@link #onRetryAfter(Duration)} blocks every
 * permit until a server's Retry-After has passed. No allocation on any path.
 *
 * <p>When the config names a {@link RateLimiterConfig#backend() backend}, the permits are counted
 * there (e.g. in Redis, shared by every JVM using the same name) instead of in memory; a Retry-After
 * block stays local to this JVM. Asynchronous callers then use {@link #reservePermissionAsync()},
 * which never blocks on the backend.
 */
// exactly one of backend and algorithm is set (see the constructor); NullAway cannot see that invariant
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
    private final AtomicLong blockedUntil = new AtomicLong();
    private final LongAdder granted = new LongAdder();
    private final LongAdder rejected = new LongAdder();

    private RateLimiter(String name, RateLimiterConfig config, Clock clock) {
        this.name = Objects.requireNonNull(name, "name");
        this.config = Objects.requireNonNull(config, "config");
        this.clock = Objects.requireNonNull(clock, "clock");
        long period = config.period().toNanos();
        this.backend = config.backend() == null ? null : config.backend().create(name, config, clock);
        // with a backend the permits are counted there: no in-memory state (a sliding log is limit-sized)
        this.algorithm = backend != null
                ? null
                : switch (config.strategy()) {
                    case TOKEN_BUCKET -> new TokenBucket(config.limit(), period);
                    case SLIDING_WINDOW -> new SlidingWindowLog(config.limit(), period);
                    case FIXED_WINDOW -> new FixedWindow(config.limit(), period);
                };
        this.origin = clock.nanoTime();
        this.maxWaitNanos = config.maxWait().toNanos();
        this.maxRetryAfterNanos = config.maxRetryAfter().toNanos();
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
        return backend != null;
    }

    /**
     * Like {@link #reservePermission()}, for asynchronous callers: with a shared backend the reply
     * comes without blocking the calling thread; in memory it is computed at once.
     */
    public CompletionStage<Long> reservePermissionAsync() {
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
        if (backend != null) {
            return blockedUntil.get() - now() > 0 ? 0 : backend.availablePermits();
        }
        long now = now();
        return algorithm.available(now, from(now));
    }

    /** Nanoseconds until one permit could be taken, 0 when one is free now. */
    public long nanosUntilPermit() {
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
     * zero or negative values are ignored; an earlier, longer block is kept.
     */
    public void onRetryAfter(Duration retryAfter) {
        if (retryAfter == null || retryAfter.isNegative() || retryAfter.isZero()) {
            return;
        }
        long nanos = retryAfter.compareTo(config.maxRetryAfter()) >= 0 ? maxRetryAfterNanos : retryAfter.toNanos();
        long until = now() + nanos;
        blockedUntil.accumulateAndGet(until, Math::max);
    }

    /** Permits granted so far (including reserved ones). */
    public long grantedPermits() {
        return granted.sum();
    }

    /** Requests rejected so far. */
    public long rejectedRequests() {
        return rejected.sum();
    }

    @Override
    public String toString() {
        return "RateLimiter{name=" + name + ", available=" + availablePermits() + ", " + config + '}';
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
