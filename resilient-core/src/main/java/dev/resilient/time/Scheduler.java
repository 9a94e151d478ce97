package dev.resilient.time;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs a task after a delay without blocking the caller. Async retries, timeouts of async calls
 * and periodic flushes wait on a scheduler, never on a blocked thread.
 */
public interface Scheduler {

    /**
     * Schedules {@code task} to run once after {@code delayNanos} (zero or negative: as soon as
     * possible).
     */
    Cancellable schedule(Runnable task, long delayNanos);

    /**
     * A scheduled task that wants to know when its scheduler shuts down before the task fell due,
     * so it can fail its caller with a clear exception instead of leaving it waiting forever.
     * Pending tasks that do not implement it are run at once when their scheduler closes.
     */
    interface ShutdownAware extends Runnable {

        /** The scheduler closed before this task ran; it will not run. */
        void onSchedulerShutdown();
    }

    /** A scheduler on top of a {@link ScheduledExecutorService}; the caller owns the executor. */
    static Scheduler of(ScheduledExecutorService executor) {
        return (task, delayNanos) -> {
            var future = executor.schedule(task, Math.max(0, delayNanos), TimeUnit.NANOSECONDS);
            return () -> future.cancel(false);
        };
    }
}
