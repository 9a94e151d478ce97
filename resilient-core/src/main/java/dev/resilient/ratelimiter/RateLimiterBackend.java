package dev.resilient.ratelimiter;

import dev.resilient.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Where a {@link RateLimiter} counts its permits when they are shared beyond this JVM (e.g. in
 * Redis). Without one a limiter counts in memory. A reply packs the outcome into one {@code long},
 * so the synchronous path allocates nothing: {@code >= 0} is a granted permit and the nanoseconds to
 * wait before using it; a negative value is a rejection, {@link #rejection(long)} of the nanoseconds
 * until a permit frees ({@link #untilPermit(long)} unpacks it). Implementations are thread-safe and
 * decide themselves what to do while their store fails (see
 * {@link dev.resilient.backend.BackendFailureMode}); they may throw a
 * {@link dev.resilient.CallNotPermittedException}.
 */
public interface RateLimiterBackend {

    /**
     * Reserves {@code permits} if they can be used within {@code maxWaitNanos}; returns the wait
     * (0: now) or a {@link #rejection(long)}.
     */
    long reserve(int permits, long maxWaitNanos);

    /**
     * Like {@link #reserve}, for asynchronous calls: never blocks the calling thread on the store.
     * The default runs {@link #reserve} on the calling thread.
     */
    default CompletionStage<Long> reserveAsync(int permits, long maxWaitNanos) {
        try {
            return CompletableFuture.completedFuture(reserve(permits, maxWaitNanos));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Permits that could be taken now without waiting (best effort, for monitoring). */
    int availablePermits();

    /** Nanoseconds until one permit could be taken, 0 when one is free now (best effort, for monitoring). */
    long nanosUntilPermit();

    /** The packed rejection for a permit that frees in {@code nanosUntilPermit}. */
    static long rejection(long nanosUntilPermit) {
        return -1L - Math.max(0L, nanosUntilPermit);
    }

    /** The nanoseconds until a permit frees, unpacked from a {@link #rejection(long)}; 0 for a grant. */
    static long untilPermit(long reply) {
        return reply < 0 ? -1L - reply : 0L;
    }

    /** Creates the backend of one named limiter; configured on {@link RateLimiterConfig.Builder#backend}. */
    @FunctionalInterface
    interface Factory {
        /**
         * @param name the limiter's (instance's) name, shared by every JVM that uses the same one
         * @param config the limiter's configuration (limit, period, strategy)
         * @param clock this JVM's clock, e.g. for a local fallback
         */
        RateLimiterBackend create(String name, RateLimiterConfig config, Clock clock);

        /**
         * Creates the backend of one key of a per-key limiter ({@link RateLimiterConfig#perKey()}),
         * shared by every JVM that uses the same name and key. The default is
         * {@code create(name + ":" + key, config, clock)}.
         *
         * @param key the key's string form ({@code String.valueOf}, so a {@code null} key is {@code "null"})
         * @param config the limiter's configuration without its key function
         */
        default RateLimiterBackend create(String name, String key, RateLimiterConfig config, Clock clock) {
            return create(name + ":" + key, config, clock);
        }
    }
}
