package dev.resilient.circuitbreaker;

/**
 * A snapshot of a circuit breaker's counters. {@code total}, {@code successful}, {@code failed},
 * {@code rejected}, {@code slow}, {@code ignored} and {@code stateTransitions} count since creation
 * (or the last {@link CircuitBreaker#reset()}); the rates and {@code bufferedCalls} describe the
 * sliding window of the current (or, when not closed, the last) closed period. Taken while calls
 * are in flight, the numbers may be off by those calls.
 *
 * @param state the state when the snapshot was taken
 * @param total calls recorded: {@code successful + failed}
 * @param successful calls recorded as successes
 * @param failed calls recorded as failures
 * @param rejected permission requests refused
 * @param slow recorded calls at least as long as the slow-call duration threshold
 * @param ignored failures matched by {@code ignoreOn}, counted neither way
 * @param stateTransitions state changes
 * @param failureRate failures in percent of the calls in the window (0 when empty)
 * @param slowCallRate slow calls in percent of the calls in the window (0 when empty)
 * @param bufferedCalls calls in the window
 * @param consecutiveFailures the current streak of failures (0 unless closed)
 */
public record CircuitBreakerStats(
        CircuitState state,
        long total,
        long successful,
        long failed,
        long rejected,
        long slow,
        long ignored,
        long stateTransitions,
        double failureRate,
        double slowCallRate,
        long bufferedCalls,
        int consecutiveFailures) {}
