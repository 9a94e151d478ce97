package dev.resilient.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.resilient.time.Clock;
import dev.resilient.time.ManualTime;
import java.lang.management.ManagementFactory;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;

/** Measures what a call costs: bytes allocated by this thread, and clock reads. */
public final class Measure {

    private static final int WARM_UP_CALLS = 20_000;

    private Measure() {}

    /**
     * Bytes this thread allocates over {@code calls} calls of {@code call}, after a warm-up so that
     * the JIT has compiled it. Skips the test where the JVM cannot count allocations.
     */
    public static long bytesAllocated(int calls, Callable<?> call) throws Exception {
        var threads = ManagementFactory.getThreadMXBean();
        assumeTrue(threads instanceof com.sun.management.ThreadMXBean);
        var bean = (com.sun.management.ThreadMXBean) threads;
        assumeTrue(bean.isThreadAllocatedMemorySupported());
        bean.setThreadAllocatedMemoryEnabled(true);
        for (int i = 0; i < WARM_UP_CALLS; i++) {
            call.call();
        }
        long threadId = Thread.currentThread().getId();
        long before = bean.getThreadAllocatedBytes(threadId);
        for (int i = 0; i < calls; i++) {
            call.call();
        }
        return bean.getThreadAllocatedBytes(threadId) - before;
    }

    /** A clock that follows {@code time} and counts how often its monotonic time is read. */
    public static final class CountingClock implements Clock {
        private final ManualTime time;
        private final AtomicLong reads = new AtomicLong();

        public CountingClock(ManualTime time) {
            this.time = time;
        }

        @Override
        public long nanoTime() {
            reads.incrementAndGet();
            return time.nanoTime();
        }

        @Override
        public long currentTimeMillis() {
            return time.currentTimeMillis();
        }

        /** Reads since the last {@link #reset()}. */
        public long reads() {
            return reads.get();
        }

        public void reset() {
            reads.set(0);
        }
    }
}
