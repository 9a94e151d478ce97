package dev.resilient.retry.internal;

import dev.resilient.internal.Durations;
import dev.resilient.retry.Backoff;
import java.time.Duration;
import java.util.function.IntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A backoff given by a function of the retry number; capped, and safe against a throwing function. */
public final class CustomBackoff implements Backoff {

    private static final Logger log = LoggerFactory.getLogger(CustomBackoff.class);

    private final IntFunction<Duration> delayForRetry;

    public CustomBackoff(IntFunction<Duration> delayForRetry) {
        this.delayForRetry = delayForRetry;
    }

    @Override
    public long delayNanos(int n, long baseNanos, double multiplier, long maxNanos) {
        Duration delay;
        try {
            delay = delayForRetry.apply(n);
        } catch (RuntimeException e) {
            log.warn("Custom backoff {} failed for retry {}; using the base delay", delayForRetry, n, e);
            return Math.min(baseNanos, maxNanos);
        }
        return Durations.clampNanos(delay, maxNanos);
    }

    @Override
    public String name() {
        return "custom";
    }

    @Override
    public String toString() {
        return "custom";
    }
}
