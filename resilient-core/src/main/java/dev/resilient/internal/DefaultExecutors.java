package dev.resilient.internal;

import java.lang.reflect.Method;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.RunnableFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * The executors the library creates when the user gives none. No thread they create inherits the
 * inheritable thread-locals of the thread that caused its creation.
 */
public final class DefaultExecutors {

    /** Upper bound of platform threads for timed synchronous calls on JDKs without virtual threads. */
    public static final int MAX_PLATFORM_CALL_THREADS = 256;

    private static final @Nullable VirtualThreads VIRTUAL = VirtualThreads.find();

    private DefaultExecutors() {}

    /**
     * An executor for synchronous calls that run under a timeout: a virtual thread per task when the
     * running JDK has them (21+), otherwise a bounded pool of daemon threads that return after 30 s
     * idle.
     */
    public static ExecutorService callExecutor() {
        ExecutorService virtual = virtualCallExecutor();
        return virtual != null ? virtual : platformCallExecutor(MAX_PLATFORM_CALL_THREADS);
    }

    /**
     * A pool of at most {@code maxThreads} daemon threads (idle ones end after 30 s) that runs at most
     * {@code maxThreads} tasks at once and refuses one more at once with a
     * {@link RejectedExecutionException}: never queued behind busy threads, never refused while a
     * thread is merely finishing its previous task.
     */
    public static ExecutorService platformCallExecutor(int maxThreads) {
        return new BoundedPool(maxThreads);
    }

    /**
     * Admission by a semaphore of {@code maxThreads} permits. A task gives its permit back before its
     * outcome is published (so a caller that got its result and calls again is never refused because
     * of its own finished task), or when it ends without running (cancelled while queued), but never
     * while its code still runs, even if cancelled: a thread that ignores interruption keeps its permit.
     *
     * <p>An idle thread takes the next task; a new thread is started only when every thread is busy
     * (so a run of calls one after another uses one thread, not a new one per call up to the bound).
     */
    private static final class BoundedPool extends ThreadPoolExecutor {
        private final Semaphore permits;
        private final int maxThreads;

        BoundedPool(int maxThreads) {
            this(maxThreads, new Semaphore(maxThreads), new HandOffQueue());
        }

        private BoundedPool(int maxThreads, Semaphore permits, HandOffQueue queue) {
            super(0, maxThreads, 30, TimeUnit.SECONDS, queue, daemonThreads("resilient-call-"), (task, pool) -> {
                if (pool.isShutdown()) {
                    throw new RejectedExecutionException("the call executor is shut down");
                }
                // all threads exist and one is finishing its task: it takes this one next
                queue.force(task);
            });
            this.permits = permits;
            this.maxThreads = maxThreads;
            queue.pool = this;
        }

        /** Tasks admitted and not yet done: at most {@code maxThreads}, this one included. */
        int inFlight() {
            return maxThreads - permits.availablePermits();
        }

        @Override
        protected <T> RunnableFuture<T> newTaskFor(Callable<T> callable) {
            return new PermitTask<>(callable, permits);
        }

        @Override
        protected <T> RunnableFuture<T> newTaskFor(Runnable runnable, @Nullable T value) {
            return new PermitTask<>(Executors.callable(runnable, value), permits);
        }

        @Override
        public void execute(Runnable task) {
            Runnable admitted = task instanceof PermitTask<?> ? task : newTaskFor(task, null);
            if (!permits.tryAcquire()) {
                throw new RejectedExecutionException("all " + maxThreads + " call threads are busy");
            }
            try {
                super.execute(admitted);
            } catch (RuntimeException | Error e) {
                permits.release();
                throw e;
            }
        }
    }

    /**
     * The pool's queue: it takes a task only while a thread is free to run it (more threads than
     * admitted tasks), so that otherwise the pool starts a thread rather than queue the task behind a
     * busy one. Admission bounds what it can hold to {@code maxThreads}.
     */
    private static final class HandOffQueue extends LinkedBlockingQueue<Runnable> {
        private static final long serialVersionUID = 1L;

        transient volatile @Nullable BoundedPool pool;

        @Override
        public boolean offer(Runnable task) {
            BoundedPool owner = pool;
            if (owner != null && owner.inFlight() > owner.getPoolSize()) {
                return false;
            }
            return super.offer(task);
        }

        void force(Runnable task) {
            super.offer(task);
        }
    }

    private static final class PermitTask<T> extends FutureTask<T> {
        private final Semaphore permits;
        private final AtomicBoolean released = new AtomicBoolean();
        private volatile boolean started;

        PermitTask(Callable<T> callable, Semaphore permits) {
            super(callable);
            this.permits = permits;
        }

        @Override
        public void run() {
            started = true;
            try {
                super.run();
            } finally {
                release();
            }
        }

        @Override
        protected void set(T value) {
            release();
            super.set(value);
        }

        @Override
        protected void setException(Throwable failure) {
            release();
            super.setException(failure);
        }

        @Override
        protected void done() {
            if (!started) {
                release();
            }
        }

        private void release() {
            if (released.compareAndSet(false, true)) {
                permits.release();
            }
        }
    }

    /** A virtual thread per task that inherits no thread-local, or null before JDK 21. */
    public static @Nullable ExecutorService virtualCallExecutor() {
        return VIRTUAL == null ? null : VIRTUAL.executor("resilient-call-");
    }

    /** Whether the running JDK offers virtual threads. */
    public static boolean hasVirtualThreads() {
        return VIRTUAL != null;
    }

    /** A single daemon scheduler thread that drops cancelled tasks at once. */
    public static ScheduledThreadPoolExecutor scheduler() {
        ScheduledThreadPoolExecutor scheduler =
                new ScheduledThreadPoolExecutor(1, daemonThreads("resilient-scheduler-"));
        scheduler.setRemoveOnCancelPolicy(true);
        scheduler.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        return scheduler;
    }

    /**
     * Daemon threads named {@code prefix} plus a number, created without the inheritable
     * thread-locals of the creating thread (which is whichever caller happened to need a new thread).
     */
    public static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(null, runnable, prefix + counter.incrementAndGet(), 0, false);
            thread.setDaemon(true);
            return thread;
        };
    }

    /** JDK 21's virtual-thread builder, reached reflectively since the library compiles for 17. */
    private static final class VirtualThreads {
        private final Method ofVirtual;
        private final Method name;
        private final Method inherit;
        private final Method factory;

        private VirtualThreads(Method ofVirtual, Method name, Method inherit, Method factory) {
            this.ofVirtual = ofVirtual;
            this.name = name;
            this.inherit = inherit;
            this.factory = factory;
        }

        static @Nullable VirtualThreads find() {
            try {
                Method ofVirtual = Thread.class.getMethod("ofVirtual");
                Class<?> builder = Class.forName("java.lang.Thread$Builder");
                VirtualThreads found = new VirtualThreads(
                        ofVirtual,
                        builder.getMethod("name", String.class, long.class),
                        builder.getMethod("inheritInheritableThreadLocals", boolean.class),
                        builder.getMethod("factory"));
                found.executor("resilient-probe-").shutdown();
                return found;
            } catch (ReflectiveOperationException | RuntimeException e) {
                return null;
            }
        }

        ExecutorService executor(String prefix) {
            try {
                Object builder = ofVirtual.invoke(null);
                builder = name.invoke(builder, prefix, 1L);
                builder = inherit.invoke(builder, false);
                ThreadFactory threads = (ThreadFactory) factory.invoke(builder);
                Method perTask = Executors.class.getMethod("newThreadPerTaskExecutor", ThreadFactory.class);
                return (ExecutorService) perTask.invoke(null, threads);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("virtual threads are unavailable", e);
            }
        }
    }
}
