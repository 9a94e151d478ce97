package dev.resilient.circuitbreaker.internal;

import dev.resilient.circuitbreaker.CircuitState;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One period of a circuit breaker's life: its state plus the counters that belong to that period
 * only. The breaker holds the current period in an {@code AtomicReference} and moves on by
 * compare-and-set from the exact period it observed, so an outcome reported for a period that has
 * already ended can never change the state of a later one. The fields never change; the atomics in
 * them are the period's own counters (each used only in the state it belongs to).
 */
public final class BreakerState {

    private final CircuitState state;
    private final long openUntilNanos;
    private final SlidingWindow window;
    private final AtomicInteger consecutiveFailures;
    private final AtomicInteger trialPermits;
    private final AtomicInteger trialSuccesses;

    private BreakerState(CircuitState state, long openUntilNanos, SlidingWindow window, int trialPermits) {
        this.state = state;
        this.openUntilNanos = openUntilNanos;
        this.window = window;
        this.consecutiveFailures = new AtomicInteger();
        this.trialPermits = new AtomicInteger(trialPermits);
        this.trialSuccesses = new AtomicInteger();
    }

    /** A closed period recording into {@code window} (a new one). */
    public static BreakerState closed(SlidingWindow window) {
        return new BreakerState(CircuitState.CLOSED, 0, window, 0);
    }

    /** An open period until {@code openUntilNanos}; {@code lastWindow} is kept for statistics. */
    public static BreakerState open(long openUntilNanos, SlidingWindow lastWindow) {
        return new BreakerState(CircuitState.OPEN, openUntilNanos, lastWindow, 0);
    }

    /** A half-open period with {@code permits} trial calls. */
    public static BreakerState halfOpen(int permits, SlidingWindow lastWindow) {
        return new BreakerState(CircuitState.HALF_OPEN, 0, lastWindow, permits);
    }

    /** A forced-open or disabled period. */
    public static BreakerState manual(CircuitState state, SlidingWindow lastWindow) {
        return new BreakerState(state, 0, lastWindow, 0);
    }

    public CircuitState state() {
        return state;
    }

    /** When an OPEN period lets trial calls through, on the runtime's monotonic clock. */
    public long openUntilNanos() {
        return openUntilNanos;
    }

    /** The window of this closed period, or the last closed period's for the other states. */
    public SlidingWindow window() {
        return window;
    }

    /** CLOSED: counts one more consecutive failure and returns the streak. */
    public int recordFailure() {
        return consecutiveFailures.incrementAndGet();
    }

    /** CLOSED: ends the streak of failures (writes only when there is one, to spare the cache line). */
    public void recordSuccess() {
        if (consecutiveFailures.get() != 0) {
            consecutiveFailures.set(0);
        }
    }

    /** The current streak of failures; 0 outside CLOSED. */
    public int consecutiveFailures() {
        return consecutiveFailures.get();
    }

    /** HALF_OPEN: takes a trial permit if one is left. */
    public boolean tryTakeTrial() {
        AtomicInteger permits = trialPermits;
        for (int left = permits.get(); left > 0; left = permits.get()) {
            if (permits.compareAndSet(left, left - 1)) {
                return true;
            }
        }
        return false;
    }

    /** HALF_OPEN: gives back a trial permit that was not used (never more than {@code max}). */
    public void returnTrial(int max) {
        AtomicInteger permits = trialPermits;
        for (int left = permits.get(); left < max; left = permits.get()) {
            if (permits.compareAndSet(left, left + 1)) {
                return;
            }
        }
    }

    /** HALF_OPEN: counts a successful trial and returns how many there were. */
    public int recordTrialSuccess() {
        return trialSuccesses.incrementAndGet();
    }

    /** HALF_OPEN: trial permits not taken; 0 in other states. */
    public int trialPermitsLeft() {
        return trialPermits.get();
    }

    @Override
    public String toString() {
        return state.toString();
    }
}
