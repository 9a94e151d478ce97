package dev.resilient;

import dev.resilient.internal.DefaultExecutors;
import java.util.concurrent.ExecutorService;

/**
 * The executors for synchronous calls that run under a timeout. None of their threads carries an
 * inheritable thread-local of whoever caused its creation: context reaches an attempt only through
 * the runtime's {@link ContextPropagator}, never by inheritance from another caller.
 */
public final class CallExecutors {

    /** Largest pool of platform call threads by default. */
    public static final int DEFAULT_MAX_THREADS = DefaultExecutors.MAX_PLATFORM_CALL_THREADS;

    /** The kind of thread an attempt runs on. */
    public enum Kind {
        /** A bounded pool of daemon platform threads, shrinking when idle. */
        PLATFORM,
        /** A new virtual thread per attempt (JDK 21+). */
        VIRTUAL
    }

    private CallExecutors() {}

    /** The default: {@link #virtual()} when the running JDK has virtual threads, else {@link #platform(int)}. */
    public static ExecutorService defaults() {
        return DefaultExecutors.callExecutor();
    }

    /** The default kind on the running JDK. */
    public static Kind defaultKind() {
        return DefaultExecutors.hasVirtualThreads() ? Kind.VIRTUAL : Kind.PLATFORM;
    }

    /**
     * An executor of the given kind; {@code maxThreads} bounds a platform pool (a virtual executor is
     * unbounded).
     *
     * @throws IllegalArgumentException if {@code maxThreads} is not positive, or virtual threads are
     *     asked for on a JDK without them
     */
    public static ExecutorService of(Kind kind, int maxThreads) {
        return switch (kind) {
            case PLATFORM -> platform(maxThreads);
            case VIRTUAL -> virtual();
        };
    }

    /**
     * A pool of at most {@code maxThreads} daemon platform threads that hands each attempt straight to
     * a thread (no queue) and refuses it when all are busy; idle threads end after 30 s.
     */
    public static ExecutorService platform(int maxThreads) {
        if (maxThreads <= 0) {
            throw new IllegalArgumentException("maxThreads must be > 0 but was " + maxThreads);
        }
        return DefaultExecutors.platformCallExecutor(maxThreads);
    }

    /** A new virtual thread per attempt. */
    public static ExecutorService virtual() {
        ExecutorService executor = DefaultExecutors.virtualCallExecutor();
        if (executor == null) {
            throw new IllegalArgumentException("executor kind virtual needs JDK 21 or newer, but this is JDK "
                    + Runtime.version().feature() + "; use platform");
        }
        return executor;
    }
}
