package dev.resilient.time;

import java.time.Duration;
import java.util.PriorityQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A clock, scheduler and sleeper whose time moves only when told to. Tests use it to drive every
 * time-based behaviour deterministically: {@link #advance(Duration)} moves the clock and runs the
 * scheduled tasks that fall due, in order; {@link #sleep(long)} advances the clock instead of
 * blocking. Thread-safe.
 */
public final class ManualTime implements Clock, Scheduler, Sleeper {

    private static final long EPOCH_MILLIS = 1_700_000_000_000L;

    private final AtomicLong nanos = new AtomicLong();
    private final AtomicLong sequence = new AtomicLong();
    private final PriorityQueue<Task> tasks = new PriorityQueue<>();
    private final long epochMillis;

    /** Starts at a fixed wall-clock instant (2023-11-14T22:13:20Z) and monotonic time zero. */
    public ManualTime() {
        this(EPOCH_MILLIS);
    }

    /** Starts at the given wall-clock milliseconds since the epoch. */
    public ManualTime(long epochMillis) {
        this.epochMillis = epochMillis;
    }

    @Override
    public long nanoTime() {
        return nanos.get();
    }

    @Override
    public long currentTimeMillis() {
        return epochMillis + nanos.get() / 1_000_000L;
    }

    @Override
    public Cancellable schedule(Runnable task, long delayNanos) {
        Task scheduled;
        synchronized (tasks) {
            scheduled = new Task(nanos.get() + Math.max(0, delayNanos), sequence.getAndIncrement(), task);
            tasks.add(scheduled);
        }
        return () -> {
            synchronized (tasks) {
                return tasks.remove(scheduled);
            }
        };
    }

    /** Advances the clock instead of blocking; tasks that fall due meanwhile run on this thread. */
    @Override
    public void sleep(long sleepNanos) {
        advanceNanos(sleepNanos);
    }

    /** Moves time forward by {@code duration}, running every task that falls due, in order. */
    public void advance(Duration duration) {
        advanceNanos(duration.toNanos());
    }

    /** Moves time forward by {@code delta} nanoseconds, running every task that falls due. */
    public void advanceNanos(long delta) {
        if (delta < 0) {
            throw new IllegalArgumentException("delta must not be negative: " + delta);
        }
        long target = nanos.get() + delta;
        while (true) {
            Task due;
            synchronized (tasks) {
                due = tasks.peek();
                if (due == null || due.dueNanos > target) {
                    break;
                }
                tasks.poll();
            }
            nanos.accumulateAndGet(due.dueNanos, Math::max);
            due.task.run();
        }
        nanos.accumulateAndGet(target, Math::max);
    }

    /** Runs the tasks already due without moving time. */
    public void runDueTasks() {
        advanceNanos(0);
    }

    /** The number of tasks scheduled and not yet run or cancelled. */
    public int pendingTasks() {
        synchronized (tasks) {
            return tasks.size();
        }
    }

    /** Time elapsed since this clock started. */
    public Duration elapsed() {
        return Duration.ofNanos(nanos.get());
    }

    private record Task(long dueNanos, long sequence, Runnable task) implements Comparable<Task> {
        @Override
        public int compareTo(Task other) {
            int byTime = Long.compare(dueNanos, other.dueNanos);
            return byTime != 0 ? byTime : Long.compare(sequence, other.sequence);
        }
    }
}
