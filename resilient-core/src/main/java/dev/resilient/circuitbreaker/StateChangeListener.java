package dev.resilient.circuitbreaker;

/**
 * Told about every state change of a {@link CircuitBreaker}, on the thread that caused it. Must be
 * quick and thread-safe; an exception thrown here is logged and dropped.
 */
@FunctionalInterface
public interface StateChangeListener {

    /** {@code breaker} went from {@code from} to {@code to}. */
    void onStateChange(CircuitBreaker breaker, CircuitState from, CircuitState to);
}
