package dev.resilient.circuitbreaker.internal;

import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The last {@code size} calls, lock-free. Each call takes the next ring slot with one
 * {@code getAndIncrement}, swaps its outcome into the slot with one {@code getAndSet}, and applies
 * the difference between the new and the evicted outcome to the counters with one {@code addAndGet}.
 *
 * <p>The three counters (calls, failures, slow calls) are packed into one {@code long} as signed
 * 21-bit fields, so every reader sees the three of them from the same instant and a rate is never
 * computed from counters of different moments. The packed value is a plain sum of the deltas applied
 * so far, so the final value is exact whatever the order of concurrent updates; while two calls race
 * for the same slot a field can be off by the number of racing calls (even briefly negative, which
 * the signed fields allow and readers clamp). The window size is capped at
 * {@link dev.resilient.circuitbreaker.CircuitBreakerConfig#MAX_COUNT_WINDOW} to keep every field far
 * from overflow.
 */
final class CountBasedWindow implements SlidingWindow {

    private static final int BITS = 21;
    private static final int SHIFT_BACK = Long.SIZE - BITS;
    private static final long FAILURE_UNIT = 1L << BITS;
    private static final long SLOW_UNIT = 1L << (2 * BITS);

    private static final int PRESENT = 1;
    private static final int FAILED = 2;
    private static final int SLOW = 4;

    private final int size;
    private final AtomicIntegerArray slots;
    private final AtomicLong cursor = new AtomicLong();
    private final AtomicLong packed = new AtomicLong();
    private final Thresholds thresholds;

    CountBasedWindow(int size, Thresholds thresholds) {
        this.size = size;
        this.slots = new AtomicIntegerArray(size);
        this.thresholds = thresholds;
    }

    @Override
    public boolean record(boolean failed, boolean slow) {
        int outcome = PRESENT | (failed ? FAILED : 0) | (slow ? SLOW : 0);
        int slot = (int) Long.remainderUnsigned(cursor.getAndIncrement(), size);
        int evicted = slots.getAndSet(slot, outcome);
        long now = packed.addAndGet(contribution(outcome) - contribution(evicted));
        long calls = calls(now);
        long rest = (now - calls) >> BITS;
        long failures = low(rest);
        long slowCalls = (rest - failures) >> BITS;
        return thresholds.exceeded(calls, failures, slowCalls);
    }

    @Override
    public WindowCounts counts() {
        long now = packed.get();
        long calls = calls(now);
        long rest = (now - calls) >> BITS;
        long failures = low(rest);
        long slowCalls = (rest - failures) >> BITS;
        long c = clamp(calls, size);
        return new WindowCounts(c, clamp(failures, c), clamp(slowCalls, c));
    }

    private static long contribution(int outcome) {
        if (outcome == 0) {
            return 0;
        }
        return 1 + ((outcome & FAILED) != 0 ? FAILURE_UNIT : 0) + ((outcome & SLOW) != 0 ? SLOW_UNIT : 0);
    }

    private static long calls(long packed) {
        return low(packed);
    }

    /** The lowest field, sign-extended. */
    private static long low(long value) {
        return (value << SHIFT_BACK) >> SHIFT_BACK;
    }

    private static long clamp(long value, long max) {
        return Math.max(0, Math.min(value, max));
    }
}
