package dev.resilient.retry;

import dev.resilient.retry.internal.CustomBackoff;
import dev.resilient.retry.internal.StandardBackoff;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.function.IntFunction;

/**
 * How the wait before a retry grows with the retry number {@code n} (1 before the second attempt,
 * 2 before the third, ...). Every backoff is capped at the maximum delay and never overflows, however
 * large {@code n} gets. Implementations must be thread-safe and stateless.
 */
public interface Backoff {

    /**
     * The wait in nanoseconds before retry {@code n}, between 0 and {@code maxNanos}.
     *
     * @param n the retry number, starting at 1 (it is also the number of the attempt that just failed)
     * @param baseNanos the base delay
     * @param multiplier the growth factor (only the exponential backoff uses it)
     * @param maxNanos the cap
     */
    long delayNanos(int n, long baseNanos, double multiplier, long maxNanos);

    /** A short name: {@code fixed}, {@code linear}, {@code exponential}, {@code fibonacci} or {@code custom}. */
    String name();

    /** Always the base delay. */
    static Backoff fixed() {
        return StandardBackoff.FIXED;
    }

    /** {@code base * n}: 1, 2, 3, 4 times the base. */
    static Backoff linear() {
        return StandardBackoff.LINEAR;
    }

    /** {@code base * multiplier^(n-1)}: with multiplier 2, 1, 2, 4, 8 times the base. */
    static Backoff exponential() {
        return StandardBackoff.EXPONENTIAL;
    }

    /** {@code base * fib(n)} with fib = 1, 1, 2, 3, 5, 8, ...: gentler than exponential. */
    static Backoff fibonacci() {
        return StandardBackoff.FIBONACCI;
    }

    /**
     * A delay computed by {@code delayForRetry} from the retry number {@code n}; capped at the maximum
     * delay. A {@code null} or negative answer means no wait; an exception thrown by the function is
     * logged and the base delay is used.
     */
    static Backoff custom(IntFunction<Duration> delayForRetry) {
        return new CustomBackoff(Objects.requireNonNull(delayForRetry, "delayForRetry"));
    }

    /**
     * The standard backoff with this name ({@code fixed}, {@code linear}, {@code exponential},
     * {@code fibonacci}; case-insensitive), as written in configuration files.
     *
     * @throws IllegalArgumentException for any other name
     */
    static Backoff of(String name) {
        if (name != null) {
            switch (name.trim().toLowerCase(Locale.ROOT)) {
                case "fixed":
                    return fixed();
                case "linear":
                    return linear();
                case "exponential":
                    return exponential();
                case "fibonacci":
                    return fibonacci();
                default:
                    break;
            }
        }
        throw new IllegalArgumentException(
                "backoff must be one of fixed, linear, exponential, fibonacci but was " + name);
    }
}
