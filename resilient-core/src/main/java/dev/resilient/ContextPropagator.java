package dev.resilient;

/**
 * Carries the caller's thread context (MDC, the current trace, security, locale, ...) to the threads
 * a call continues on: a synchronous attempt under a timeout, an async retry's next attempt, an
 * async fallback. {@link #capture()} runs on the caller's thread when the call starts; the returned
 * {@link CapturedContext#restore()} runs on the other thread around the work, and closing its
 * {@link Scope} clears what it set, so a pooled thread keeps nothing of the caller.
 *
 * <p>The core ships only {@link #none()}, the default of {@link ResilienceRuntime}; the Spring Boot
 * starter implements it with Micrometer's context-propagation library. Implementations must be
 * thread-safe; {@code capture()} and {@code restore()} must not throw.
 */
public interface ContextPropagator {

    /** Captures the calling thread's context. */
    CapturedContext capture();

    /** Whether this propagator does nothing (lets the pipeline skip capturing). */
    default boolean isNoop() {
        return false;
    }

    /** The propagator that carries nothing. */
    static ContextPropagator none() {
        return NoContext.INSTANCE;
    }

    /** A context captured on one thread, to be restored on another. */
    @FunctionalInterface
    interface CapturedContext {
        /** Sets the captured context on the current thread until the returned scope is closed. */
        Scope restore();
    }

    /** Where a restored context is in effect; closing it puts back what the thread had before. */
    @FunctionalInterface
    interface Scope extends AutoCloseable {
        @Override
        void close();
    }

    /** The no-op propagator; its captured context and scope are shared constants. */
    enum NoContext implements ContextPropagator, CapturedContext, Scope {
        INSTANCE;

        @Override
        public CapturedContext capture() {
            return this;
        }

        @Override
        public boolean isNoop() {
            return true;
        }

        @Override
        public Scope restore() {
            return this;
        }

        @Override
        public void close() {}
    }
}
