package dev.resilient.time;

/**
 * The source of time for every state machine: a monotonic clock for measuring durations and a
 * wall clock for timestamps. Inject {@link ManualTime} in tests so that no test has to sleep.
 */
public interface Clock {

    /** Monotonic nanoseconds, comparable only with other values from the same clock. */
    long nanoTime();

    /** Wall-clock milliseconds since the epoch. */
    long currentTimeMillis();

    /** The clock backed by {@link System#nanoTime()} and {@link System#currentTimeMillis()}. */
    static Clock system() {
        return SystemClock.INSTANCE;
    }
}
