package dev.resilient.ratelimiter.internal;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A token bucket of {@code limit} tokens, one token added every {@code interval} nanoseconds
 * ({@code period / limit}, rounded up so the rate never exceeds the limit), kept as one
 * {@code long} updated by compare-and-set: the generic cell rate algorithm (GCRA).
 *
 * <p>The state is the <em>theoretical arrival time</em> {@code tat}: the time at which the bucket
 * would be full again. Taking {@code n} tokens moves it to {@code max(tat, now) + n * interval};
 * the tokens may be used once {@code tat - limit * interval <= time}, so a full bucket lets
 * {@code limit} permits through at once and an empty one lets one through per interval. Waiting
 * callers reserve future tokens the same way, so no caller can overtake a reservation.
 */
public final class TokenBucket implements PermitAlgorithm {

    private final int limit;
    private final long interval;
    private final long span;
    private final AtomicLong tat = new AtomicLong();

    public TokenBucket(int limit, long periodNanos) {
        this.limit = limit;
        this.interval = Math.max(1, (periodNanos + limit - 1) / limit);
        this.span = interval * limit;
    }

    /** Nanoseconds between two tokens. */
    public long intervalNanos() {
        return interval;
    }

    @Override
    public long reserve(int permits, long now, long from, long maxWaitNanos) {
        long cost = permits * interval;
        while (true) {
            long current = tat.get();
            long next = Math.max(current, from) + cost;
            long wait = Math.max(from, next - span) - now;
            if (wait > maxWaitNanos) {
                return REJECTED;
            }
            if (tat.compareAndSet(current, next)) {
                return wait;
            }
        }
    }

    @Override
    public int available(long now, long from) {
        if (from > now) {
            return 0;
        }
        long free = (now + span - Math.max(tat.get(), now)) / interval;
        return (int) Math.max(0, Math.min(limit, free));
    }

    @Override
    public long nanosUntilPermit(long now, long from) {
        long next = Math.max(tat.get(), from) + interval;
        return Math.max(0, Math.max(from, next - span) - now);
    }
}
