package dev.resilient.internal;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Limits a repeating problem (a user callback that keeps throwing) to one log line per burst: the
 * first failure after a success is to be logged, the rest of the burst is not. Thread-safe and
 * allocation-free.
 */
public final class BurstLog {

    private final AtomicBoolean failing = new AtomicBoolean();

    /** Records a failure; {@code true} when it starts a burst and is to be logged. */
    public boolean failed() {
        return !failing.get() && failing.compareAndSet(false, true);
    }

    /** Records a success, ending the current burst if there is one. */
    public void succeeded() {
        if (failing.get()) {
            failing.set(false);
        }
    }
}
