package dev.resilient.internal;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/** The executors the library creates when the user gives none. */
public final class DefaultExecutors {

    /** Upper bound of platform threads for timed synchronous calls on JDKs without virtual threads. */
    public static final int MAX_PLATFORM_CALL_THREADS = 256;

    private static final @Nullable MethodHandle VIRTUAL_THREAD_EXECUTOR = findVirtualThreadExecutor();

    private DefaultExecutors() {}

    /**
     * An executor for synchronous calls that run under a timeout: a virtual thread per task when the
     * running JDK has them (21+), otherwise a bounded pool of daemon threads that return after 30 s
     * idle.
     */
    public static ExecutorService callExecutor() {
        ExecutorService virtual = virtualThreadExecutor();
        if (virtual != null) {
            return virtual;
        }
        ThreadPoolExecutor pool = new ThreadPoolExecutor(
                0,
                MAX_PLATFORM_CALL_THREADS,
                30,
                TimeUnit.SECONDS,
                new SynchronousQueue<>(),
                daemonThreads("resilient-call-"));
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    /** Whether the running JDK offers virtual threads. */
    public static boolean hasVirtualThreads() {
        return VIRTUAL_THREAD_EXECUTOR != null;
    }

    /** A single daemon scheduler thread that drops cancelled tasks at once. */
    public static ScheduledThreadPoolExecutor scheduler() {
        ScheduledThreadPoolExecutor scheduler =
                new ScheduledThreadPoolExecutor(1, daemonThreads("resilient-scheduler-"));
        scheduler.setRemoveOnCancelPolicy(true);
        scheduler.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        return scheduler;
    }

    /** Daemon threads named {@code prefix} plus a number. */
    public static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    private static @Nullable ExecutorService virtualThreadExecutor() {
        if (VIRTUAL_THREAD_EXECUTOR == null) {
            return null;
        }
        try {
            return (ExecutorService) VIRTUAL_THREAD_EXECUTOR.invoke();
        } catch (Throwable e) {
            return null;
        }
    }

    private static @Nullable MethodHandle findVirtualThreadExecutor() {
        try {
            return MethodHandles.publicLookup()
                    .findStatic(
                            java.util.concurrent.Executors.class,
                            "newVirtualThreadPerTaskExecutor",
                            MethodType.methodType(ExecutorService.class));
        } catch (NoSuchMethodException | IllegalAccessException e) {
            return null;
        }
    }
}
