package dev.resilient.circuitbreaker.internal;

import dev.resilient.time.Clock;

/**
 * The calls of the last {@code size} seconds, in one bucket per second of the runtime clock.
 *
 * <p>Guarded by a monitor held for a short, allocation-free critical section: evict the buckets of
 * the seconds that fell out of the window (at most {@code size}, usually none or one), add the call
 * to the current bucket and read the running totals. A lock-free version would need a bucket
 * replacement protocol that cannot lose an update racing with an eviction, at a higher cost per call
 * than an uncontended monitor; the count-based window, the default, is lock-free.
 */
final class TimeBasedWindow implements SlidingWindow {

    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final int size;
    private final Thresholds thresholds;
    private final Clock clock;
    private final long[] calls;
    private final long[] failures;
    private final long[] slow;
    private long totalCalls;
    private long totalFailures;
    private long totalSlow;
    /** The newest second with a bucket; slot floorMod(s, size) holds second s for s in (head - size, head]. */
    private long headSecond;

    TimeBasedWindow(int size, Thresholds thresholds, Clock clock) {
        this.size = size;
        this.thresholds = thresholds;
        this.clock = clock;
        this.calls = new long[size];
        this.failures = new long[size];
        this.slow = new long[size];
        this.headSecond = Math.floorDiv(clock.nanoTime(), NANOS_PER_SECOND);
    }

    @Override
    public boolean record(boolean failed, boolean slowCall) {
        long second = Math.floorDiv(clock.nanoTime(), NANOS_PER_SECOND);
        long c;
        long f;
        long s;
        synchronized (this) {
            advanceTo(second);
            if (second > headSecond - size) {
                int slot = (int) Math.floorMod(second, (long) size);
                calls[slot]++;
                totalCalls++;
                if (failed) {
                    failures[slot]++;
                    totalFailures++;
                }
                if (slowCall) {
                    slow[slot]++;
                    totalSlow++;
                }
            }
            c = totalCalls;
            f = totalFailures;
            s = totalSlow;
        }
        return thresholds.exceeded(c, f, s);
    }

    @Override
    public WindowCounts counts() {
        long second = Math.floorDiv(clock.nanoTime(), NANOS_PER_SECOND);
        synchronized (this) {
            advanceTo(second);
            return new WindowCounts(totalCalls, totalFailures, totalSlow);
        }
    }

    /** Empties the buckets of the seconds that fell out of the window by {@code second}. */
    private void advanceTo(long second) {
        if (second <= headSecond) {
            return;
        }
        for (long s = Math.max(headSecond + 1, second - size + 1); s <= second; s++) {
            int slot = (int) Math.floorMod(s, (long) size);
            totalCalls -= calls[slot];
            totalFailures -= failures[slot];
            totalSlow -= slow[slot];
            calls[slot] = 0;
            failures[slot] = 0;
            slow[slot] = 0;
        }
        headSecond = second;
    }
}
