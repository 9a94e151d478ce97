package dev.resilient.timeout;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A synchronous attempt that runs under a timeout on the call executor, seen from inside it. Exactly
 * one of two things happens to it: it <em>completes</em> (its outcome reaches the caller) or the
 * caller <em>abandons</em> it (the timeout passed, or the caller was interrupted). Code inside the
 * attempt that is about to make its work permanent — a transaction about to commit — calls
 * {@link #complete()} first: {@code false} means the caller already reported a failure, so the work
 * must be undone; {@code true} means the caller will wait for this attempt's outcome, whatever the
 * clock says.
 */
public final class TimedAttempt {

    private static final ThreadLocal<TimedAttempt> CURRENT = new ThreadLocal<>();

    private static final int RUNNING = 0;
    private static final int COMPLETED = 1;
    private static final int ABANDONED = 2;

    private final String instance;
    private final Duration timeout;
    private final TimedAttempt outer;
    private final AtomicInteger state = new AtomicInteger(RUNNING);

    /** An attempt started on the current thread, nested in the attempt this thread runs, if any. */
    TimedAttempt(String instance, Duration timeout) {
        this.instance = instance;
        this.timeout = timeout;
        this.outer = CURRENT.get();
    }

    /** The attempt the current thread runs, or {@code null} when it runs none under a timeout. */
    public static TimedAttempt current() {
        return CURRENT.get();
    }

    /** The pipeline instance the attempt belongs to. */
    public String instance() {
        return instance;
    }

    /** The attempt's time limit. */
    public Duration timeout() {
        return timeout;
    }

    /**
     * Claims the attempt's outcome for the caller: {@code true} if the caller will receive it (now or
     * already), {@code false} if the caller gave up on the attempt before. An attempt that runs inside
     * another timed attempt (an attempt timeout inside a total timeout) claims the outer one too:
     * {@code true} only if every caller up the chain still waits.
     */
    public boolean complete() {
        return finish() && (outer == null || outer.complete());
    }

    /**
     * The attempt ended and its outcome goes to its own caller: claims this attempt only (an outer
     * timed call's caller may still give up on the call as a whole). {@code false} if the caller gave
     * up first.
     */
    boolean finish() {
        return state.compareAndSet(RUNNING, COMPLETED) || state.get() == COMPLETED;
    }

    /** Whether the caller, or a caller up the chain, gave up on this attempt. */
    public boolean abandoned() {
        return state.get() == ABANDONED || (outer != null && outer.abandoned());
    }

    /** The caller gives up; {@code false} if the attempt completed first. */
    boolean abandon() {
        return state.compareAndSet(RUNNING, ABANDONED);
    }

    TimedAttempt enter() {
        TimedAttempt previous = CURRENT.get();
        CURRENT.set(this);
        return previous;
    }

    static void exit(TimedAttempt previous) {
        if (previous == null) {
            CURRENT.remove();
        } else {
            CURRENT.set(previous);
        }
    }
}
