package dev.resilient.circuitbreaker;

import dev.resilient.CallNotPermittedException;
import java.time.Duration;
import java.util.Locale;

/**
 * A call rejected by a circuit breaker: the circuit is {@link CircuitState#OPEN}, {@link
 * CircuitState#FORCED_OPEN}, or {@link CircuitState#HALF_OPEN} with all its trial calls taken. Not
 * retryable: a retry would only be rejected again.
 */
public class CircuitBreakerOpenException extends CallNotPermittedException {

    private static final long serialVersionUID = 1L;

    /** The remaining open time of a forced-open circuit: it stays open until changed by hand. */
    public static final Duration INDEFINITE = Duration.ofNanos(Long.MAX_VALUE);

    private final CircuitState state;
    private final Duration remainingOpen;

    /**
     * @param name the circuit breaker's (instance) name
     * @param state the state that rejected the call
     * @param remainingOpen time until the circuit lets trial calls through: zero in half-open,
     *     {@link #INDEFINITE} when forced open
     */
    public CircuitBreakerOpenException(String name, CircuitState state, Duration remainingOpen) {
        super(name, message(name, state, remainingOpen));
        this.state = state;
        this.remainingOpen = remainingOpen == null ? Duration.ZERO : remainingOpen;
    }

    /** The circuit breaker's name. */
    public String name() {
        return instance();
    }

    /** The state that rejected the call. */
    public CircuitState state() {
        return state;
    }

    /**
     * Time until the circuit lets trial calls through again (as of the rejection): zero in half-open,
     * {@link #INDEFINITE} when forced open.
     */
    public Duration remainingOpen() {
        return remainingOpen;
    }

    /** Always {@code false}: an open circuit would reject the retry too. */
    @Override
    public boolean retryable() {
        return false;
    }

    private static String message(String name, CircuitState state, Duration remaining) {
        String prefix = "Circuit breaker '" + name + "' is " + state;
        if (state == CircuitState.FORCED_OPEN) {
            return prefix + "; calls are not permitted until it is closed, reset or disabled";
        }
        if (state == CircuitState.HALF_OPEN) {
            return prefix + " and all its trial calls are taken; calls are not permitted until they complete";
        }
        return prefix + "; calls are not permitted for another " + format(remaining);
    }

    static String format(Duration duration) {
        if (duration == null) {
            return "0ms";
        }
        long millis = duration.toMillis();
        if (millis < 1000) {
            return millis + "ms";
        }
        return String.format(Locale.ROOT, "%.3fs", millis / 1000.0);
    }
}
