package dev.resilient.timeout;

import dev.resilient.ResilienceException;
import java.time.Duration;

/**
 * An attempt took longer than its timeout. The unchecked counterpart of
 * {@link java.util.concurrent.TimeoutException}: list this type (or {@code ResilienceException})
 * where a retry or fallback should treat timeouts as failures.
 */
public class TimeoutExceededException extends ResilienceException {

    private static final long serialVersionUID = 1L;

    private final Duration timeout;

    public TimeoutExceededException(String instance, Duration timeout) {
        super(instance, "Call of '" + instance + "' timed out after " + format(timeout));
        this.timeout = timeout;
    }

    /** The limit the attempt exceeded. */
    public Duration timeout() {
        return timeout;
    }

    private static String format(Duration timeout) {
        if (timeout == null) {
            return "?";
        }
        long millis = timeout.toMillis();
        return millis > 0 || timeout.isZero() ? millis + " ms" : timeout.toNanos() + " ns";
    }
}
