package dev.resilient.circuitbreaker;

/**
 * Shares a circuit's OPEN state with every JVM using the same breaker name (e.g. through
 * {@code resilient-redis}): when one opens its circuit, the others open theirs. Attached once when
 * a pipeline creates its breaker; an implementation listens to the breaker's state changes
 * ({@link CircuitBreaker#onStateChange}) and opens it ({@link CircuitBreaker#transitionToOpen()})
 * when another JVM's opened. The breaker's own calls never wait for the shared state: a closed
 * circuit makes no remote call. Configured on {@link CircuitBreakerConfig.Builder#sharedState}.
 */
@FunctionalInterface
public interface SharedCircuitState {

    /** Starts sharing the state of {@code breaker}. */
    void attach(CircuitBreaker breaker);
}
