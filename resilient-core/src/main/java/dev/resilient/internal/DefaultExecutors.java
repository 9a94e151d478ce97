package dev.resilient.internal;

import java.lang.reflect.Method;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The executors the library creates when the user gives none. No thread they create inherits the
 * inheritable thread-locals of the thread that caused its creation.
 */
public final class DefaultExecutors {

    /** Upper bound of platform threads for timed synchronous calls on JDKs without virtual threads. */
    public static final int MAX_PLATFORM_CALL_THREADS = 256;

    private static final VirtualThreads VIRTUAL = VirtualThreads.find();

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

    /** A pool of at most {@code maxThreads} daemon threads, no queue, idle threads ending after 30 s. */
    public static ExecutorService platformCallExecutor(int maxThreads) {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(
                0, maxThreads, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), daemonThreads("resilient-call-"));
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    /** A virtual thread per task that inherits no thread-local, or null before JDK 21. */
    public static ExecutorService virtualCallExecutor() {
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

        static VirtualThreads find() {
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
