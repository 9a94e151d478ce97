package dev.resilient.internal;

import dev.resilient.time.Cancellable;
import dev.resilient.time.Scheduler;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runtime's own scheduler. It remembers the tasks that have not run yet so that closing it
 * loses no waiting caller: a pending {@link Scheduler.ShutdownAware} task is told, any other pending
 * task is run at once. After {@link #close()} new tasks are refused.
 */
public final class ClosableScheduler implements Scheduler, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ClosableScheduler.class);

    private final ScheduledThreadPoolExecutor executor;
    private final Set<Pending> pending = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    public ClosableScheduler(ScheduledThreadPoolExecutor executor) {
        this.executor = executor;
    }

    @Override
    public Cancellable schedule(Runnable task, long delayNanos) {
        if (closed) {
            throw new RejectedExecutionException("the resilient runtime is closed; no more waits can be scheduled");
        }
        Pending entry = new Pending(task);
        pending.add(entry);
        entry.future = executor.schedule(entry, Math.max(0, delayNanos), TimeUnit.NANOSECONDS);
        return entry::cancel;
    }

    /** The number of tasks scheduled and not yet run or cancelled. */
    public int pendingTasks() {
        return pending.size();
    }

    /** Stops the scheduler thread, then settles every task that was still waiting. */
    @Override
    public void close() {
        closed = true;
        executor.shutdownNow();
        for (Pending entry : pending) {
            if (pending.remove(entry)) {
                settle(entry.task);
            }
        }
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void settle(Runnable task) {
        try {
            if (task instanceof Scheduler.ShutdownAware aware) {
                aware.onSchedulerShutdown();
            } else {
                task.run();
            }
        } catch (RuntimeException | Error e) {
            log.warn("A task scheduled before shutdown failed while being settled", e);
        }
    }

    private final class Pending implements Runnable {
        private final Runnable task;
        private volatile java.util.concurrent.@Nullable Future<?> future;

        Pending(Runnable task) {
            this.task = task;
        }

        @Override
        public void run() {
            if (pending.remove(this)) {
                task.run();
            }
        }

        boolean cancel() {
            if (!pending.remove(this)) {
                return false;
            }
            java.util.concurrent.Future<?> scheduled = future;
            if (scheduled != null) {
                scheduled.cancel(false);
            }
            return true;
        }
    }
}
