package dev.resilient.ratelimiter.internal;

import java.util.concurrent.locks.ReentrantLock;

/**
 * An exact sliding window: a ring buffer of the last {@code limit} grant times, oldest first,
 * under a short lock. A permit is granted at time {@code g} only if the grant {@code limit} places
 * back is at least {@code period} older ({@code ring[oldest] + period <= g}); {@code n} permits at
 * once need the {@code n}-th oldest to be. Grant times never decrease, so any {@code limit + 1}
 * consecutive grants span at least {@code period}: no half-open window of length {@code period}
 * ever holds more than {@code limit} permits. Memory: 8 bytes per permit of the limit.
 */
public final class SlidingWindowLog implements PermitAlgorithm {

    private final int limit;
    private final long period;
    private final long[] ring;
    private final ReentrantLock lock = new ReentrantLock();
    private int head;
    private long last;

    public SlidingWindowLog(int limit, long periodNanos) {
        this.limit = limit;
        this.period = periodNanos;
        this.ring = new long[limit];
        java.util.Arrays.fill(ring, -periodNanos);
        this.last = -periodNanos;
    }

    @Override
    public long reserve(int permits, long now, long from, long maxWaitNanos) {
        lock.lock();
        try {
            long grant = grantTime(permits, from);
            long wait = grant - now;
            if (wait > maxWaitNanos) {
                return REJECTED;
            }
            for (int i = 0; i < permits; i++) {
                ring[head] = grant;
                head = head + 1 == limit ? 0 : head + 1;
            }
            last = grant;
            return wait;
        } finally {
            lock.unlock();
        }
    }

    private long grantTime(int permits, long from) {
        long nthOldest = ring[(head + permits - 1) % limit];
        return Math.max(Math.max(from, last), nthOldest + period);
    }

    @Override
    public int available(long now, long from) {
        lock.lock();
        try {
            if (from > now || last > now) {
                return 0;
            }
            // entries are sorted from head; count those that left the window (<= now - period)
            int low = 0;
            int high = limit;
            while (low < high) {
                int mid = (low + high) >>> 1;
                if (ring[(head + mid) % limit] + period <= now) {
                    low = mid + 1;
                } else {
                    high = mid;
                }
            }
            return low;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public long nanosUntilPermit(long now, long from) {
        lock.lock();
        try {
            return Math.max(0, grantTime(1, from) - now);
        } finally {
            lock.unlock();
        }
    }
}
