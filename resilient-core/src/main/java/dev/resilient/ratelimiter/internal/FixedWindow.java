package dev.resilient.ratelimiter.internal;

import java.util.concurrent.locks.ReentrantLock;

/**
 * {@code limit} permits per consecutive window of {@code period} nanoseconds counted from the
 * limiter's creation; a window index and the permits used in it, under a short lock. A waiting
 * caller reserves permits in the next window, so the window index may run ahead of the clock.
 */
public final class FixedWindow implements PermitAlgorithm {

    private final int limit;
    private final long period;
    private final ReentrantLock lock = new ReentrantLock();
    private long window;
    private int used;

    public FixedWindow(int limit, long periodNanos) {
        this.limit = limit;
        this.period = periodNanos;
    }

    @Override
    public long reserve(int permits, long now, long from, long maxWaitNanos) {
        lock.lock();
        try {
            long targetWindow = window;
            int targetUsed = used;
            long earliest = from / period;
            if (earliest > targetWindow) {
                targetWindow = earliest;
                targetUsed = 0;
            }
            if (targetUsed + permits > limit) {
                targetWindow++;
                targetUsed = 0;
            }
            long wait = Math.max(from, targetWindow * period) - now;
            if (wait > maxWaitNanos) {
                return REJECTED;
            }
            window = targetWindow;
            used = targetUsed + permits;
            return wait;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int available(long now, long from) {
        lock.lock();
        try {
            if (from > now) {
                return 0;
            }
            long current = now / period;
            if (window > current) {
                return 0;
            }
            return window < current ? limit : limit - used;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public long nanosUntilPermit(long now, long from) {
        lock.lock();
        try {
            long targetWindow = Math.max(window, from / period);
            int targetUsed = targetWindow == window ? used : 0;
            if (targetUsed + 1 > limit) {
                targetWindow++;
            }
            return Math.max(0, Math.max(from, targetWindow * period) - now);
        } finally {
            lock.unlock();
        }
    }
}
