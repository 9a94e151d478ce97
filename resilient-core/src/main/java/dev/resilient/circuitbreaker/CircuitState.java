package dev.resilient.circuitbreaker;

/** The states of a {@link CircuitBreaker}. */
public enum CircuitState {
    /** Calls pass; outcomes are recorded and may open the circuit. */
    CLOSED,
    /** Calls are rejected until the recovery timeout has passed. */
    OPEN,
    /** A limited number of trial calls pass; their outcomes close or re-open the circuit. */
    HALF_OPEN,
    /** Opened by hand: calls are rejected until the circuit is closed, reset or disabled by hand. */
    FORCED_OPEN,
    /** Switched off by hand: every call passes and nothing can open the circuit. */
    DISABLED;

    /** Whether calls are rejected in this state (half-open rejects only beyond its trial calls). */
    public boolean rejectsCalls() {
        return this == OPEN || this == FORCED_OPEN;
    }
}
