package dev.resilient.time;

import java.util.concurrent.locks.LockSupport;

/**
 * Waits on the calling thread. Only synchronous calls wait this way (a retry delay or a permit wait
 * of a blocking call); asynchronous calls use a {@link Scheduler}.
 */
@FunctionalInterface
public interface Sleeper {

    /** Waits {@code nanos} nanoseconds, or until interrupted. */
    void sleep(long nanos) throws InterruptedException;

    /** The sleeper that parks the current thread. */
    static Sleeper thread() {
        return nanos -> {
            long deadline = System.nanoTime() + nanos;
            long left = nanos;
            while (left > 0) {
                LockSupport.parkNanos(left);
                if (Thread.interrupted()) {
                    throw new InterruptedException("interrupted while waiting");
                }
                left = deadline - System.nanoTime();
            }
        };
    }
}
