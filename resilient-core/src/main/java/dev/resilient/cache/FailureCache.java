package dev.resilient.cache;

import dev.resilient.ResilienceRuntime;
import dev.resilient.cache.internal.RecentFailures;
import dev.resilient.internal.Durations;
import dev.resilient.time.Clock;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Remembers, per key, that a call failed, for the configured TTL from the failure, in memory bounded
 * by {@code maxKeys}. A newly failed key is always remembered: when the cache is full, the key whose
 * failure was recorded longest ago goes (with one TTL for all keys, the one that expires first); a
 * failure of a remembered key makes it the newest again, a cache hit does not. Time comes from the
 * given {@link Clock}, so a {@link dev.resilient.time.ManualTime} drives expiry; expired keys are
 * dropped on the calling thread as new failures are recorded. Lookups are lock-free; recording takes
 * one short lock. Thread-safe.
 */
public final class FailureCache implements FailureStore {

    private static final int MAX_KEY_TEXT = 256;
    /** The longest TTL kept, so that now + ttl never overflows. */
    private static final long MAX_TTL_NANOS = Long.MAX_VALUE / 4;

    private static final Object NULL_KEY = new Object() {
        @Override
        public String toString() {
            return "null";
        }
    };

    private final FailureCacheConfig config;
    private final Clock clock;
    private final long ttlNanos;
    private final RecentFailures<Entry> cache;

    public FailureCache(FailureCacheConfig config, Clock clock) {
        this.config = Objects.requireNonNull(config, "config");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.ttlNanos = Math.min(Durations.toNanosSaturated(config.ttl()), MAX_TTL_NANOS);
        this.cache = new RecentFailures<>(config.maxKeys());
    }

    /** A cache on the runtime's clock. */
    public static FailureCache of(FailureCacheConfig config, ResilienceRuntime runtime) {
        return new FailureCache(config, runtime.clock());
    }

    public FailureCacheConfig config() {
        return config;
    }

    /** The key of a call with {@code args}, by the configured key function; may throw what it throws. */
    public Object keyFor(Object @Nullable [] args) {
        return normalize(config.keyFunction().apply(args));
    }

    /** The failure remembered for {@code key}, or {@code null}. */
    public @Nullable Throwable failureFor(@Nullable Object key) {
        Entry entry = entry(normalize(key));
        return entry == null ? null : entry.failure;
    }

    /** How long the failure for {@code key} is still remembered; zero when none is. */
    public Duration remaining(@Nullable Object key) {
        Entry entry = entry(normalize(key));
        return entry == null ? Duration.ZERO : Duration.ofNanos(entry.remainingNanos(clock.nanoTime()));
    }

    /** Remembers that the call for {@code key} failed with {@code failure}, for the TTL from now. */
    @Override
    public void remember(@Nullable Object key, Throwable failure) {
        Objects.requireNonNull(failure, "failure");
        long now = clock.nanoTime();
        cache.put(normalize(key), new Entry(failure, now + ttlNanos, clock), now, now + ttlNanos);
    }

    /** Forgets the failure of {@code key}, e.g. after the key succeeded. */
    @Override
    public void invalidate(@Nullable Object key) {
        cache.remove(normalize(key));
    }

    /** Forgets every remembered failure. */
    public void invalidateAll() {
        cache.clear();
    }

    /** The number of keys remembered (expired keys count until they are dropped); at most {@code maxKeys}. */
    public long size() {
        return cache.size();
    }

    /** Drops the expired keys now (recording a failure does so too). */
    public void cleanUp() {
        cache.expire(clock.nanoTime());
    }

    /** The failure remembered for an already normalized key, or {@code null} if absent or expired. */
    @Override
    public @Nullable Hit lookup(Object key) {
        return entry(key);
    }

    /** The entry for an already normalized key, or {@code null} if absent or expired. */
    @Nullable
    Entry entry(Object key) {
        Entry entry = cache.get(key);
        if (entry == null) {
            return null;
        }
        if (entry.remainingNanos(clock.nanoTime()) <= 0) {
            cache.remove(key, entry);
            return null;
        }
        return entry;
    }

    long nanoTime() {
        return clock.nanoTime();
    }

    static Object normalize(@Nullable Object key) {
        return key == null ? NULL_KEY : key;
    }

    /** The key's string form for messages, shortened; never throws. */
    static String describe(Object key) {
        String text;
        try {
            text = String.valueOf(key);
        } catch (RuntimeException e) {
            text = key.getClass().getName() + " (toString failed)";
        }
        return text.length() <= MAX_KEY_TEXT ? text : text.substring(0, MAX_KEY_TEXT) + "...";
    }

    @Override
    public String toString() {
        return "FailureCache{size=" + size() + ", " + config + '}';
    }

    /** A remembered failure and when it expires on the cache's clock. */
    static final class Entry implements Hit {
        final Throwable failure;
        final long expiresAtNanos;
        private final Clock clock;

        Entry(Throwable failure, long expiresAtNanos, Clock clock) {
            this.failure = failure;
            this.expiresAtNanos = expiresAtNanos;
            this.clock = clock;
        }

        @Override
        public Throwable failure() {
            return failure;
        }

        @Override
        public Duration remaining() {
            return Duration.ofNanos(Math.max(0, remainingNanos(clock.nanoTime())));
        }

        long remainingNanos(long now) {
            return expiresAtNanos - now;
        }
    }
}
