package dev.resilient.internal;

import java.time.Duration;

/** Duration helpers that never overflow. */
public final class Durations {

    private Durations() {}

    /** {@code duration} in nanoseconds within {@code [0, maxNanos]}; {@code null} or negative is 0. */
    public static long clampNanos(Duration duration, long maxNanos) {
        if (duration == null || duration.isNegative()) {
            return 0;
        }
        return Math.min(toNanosSaturated(duration), maxNanos);
    }

    /** Nanoseconds, or {@link Long#MAX_VALUE} for durations too long to express in them. */
    public static long toNanosSaturated(Duration duration) {
        try {
            return duration.toNanos();
        } catch (ArithmeticException e) {
            return duration.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }

    /** A short human form: {@code 100ms}, {@code 30s}, {@code 1500us}, {@code 7ns}. */
    public static String format(Duration duration) {
        if (duration == null) {
            return "null";
        }
        if (duration.getNano() == 0) {
            return duration.getSeconds() + "s";
        }
        if (duration.getNano() % 1_000_000 == 0) {
            return duration.toMillis() + "ms";
        }
        long nanos = toNanosSaturated(duration);
        if (nanos % 1_000 == 0) {
            return nanos / 1_000 + "us";
        }
        return nanos + "ns";
    }

    /** {@link #format(Duration)} of a number of nanoseconds. */
    public static String formatNanos(long nanos) {
        return format(Duration.ofNanos(nanos));
    }
}
