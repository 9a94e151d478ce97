package dev.resilient.retry;

import dev.resilient.retry.internal.RatioJitter;
import dev.resilient.retry.internal.StandardJitter;
import java.util.Locale;
import java.util.random.RandomGenerator;

/**
 * Randomises the computed backoff so that clients that failed together do not retry together. The
 * result is capped at the maximum delay by the retry. Implementations must be thread-safe and keep no
 * state of their own (the previous delay is passed in).
 */
public interface Jitter {

    /**
     * The jittered wait in nanoseconds.
     *
     * @param delayNanos the delay computed by the backoff
     * @param previousNanos the previous wait of this call (the base delay before the first retry)
     * @param baseNanos the configured base delay
     * @param maxNanos the configured maximum delay
     * @param random the runtime's random source
     */
    long apply(long delayNanos, long previousNanos, long baseNanos, long maxNanos, RandomGenerator random);

    /** The largest value {@link #apply} can return for {@code delayNanos}, before the cap. */
    long upperBoundNanos(long delayNanos, long maxNanos);

    /** A short name: {@code none}, {@code full}, {@code equal}, {@code decorrelated} or {@code ratio(r)}. */
    String name();

    /** The computed delay unchanged. */
    static Jitter none() {
        return StandardJitter.NONE;
    }

    /** Uniform in {@code [0, d]}: the most spread, sometimes no wait at all. */
    static Jitter full() {
        return StandardJitter.FULL;
    }

    /** {@code d/2 + uniform[0, d/2]}: at least half the computed delay. */
    static Jitter equal() {
        return StandardJitter.EQUAL;
    }

    /**
     * AWS "decorrelated jitter": {@code min(maxDelay, uniform[base, previous * 3])}. It grows from the
     * previous wait, so it ignores the configured backoff curve.
     */
    static Jitter decorrelated() {
        return StandardJitter.DECORRELATED;
    }

    /**
     * {@code d * uniform[1 - ratio, 1 + ratio]}, e.g. {@code ratio(0.2)} gives ±20 %.
     *
     * @throws IllegalArgumentException unless {@code 0 < ratio <= 1}
     */
    static Jitter ratio(double ratio) {
        return new RatioJitter(ratio);
    }

    /**
     * The jitter with this name ({@code none}, {@code full}, {@code equal}, {@code decorrelated};
     * case-insensitive), as written in configuration files.
     *
     * @throws IllegalArgumentException for any other name
     */
    static Jitter of(String name) {
        if (name != null) {
            switch (name.trim().toLowerCase(Locale.ROOT)) {
                case "none":
                    return none();
                case "full":
                    return full();
                case "equal":
                    return equal();
                case "decorrelated":
                    return decorrelated();
                default:
                    break;
            }
        }
        throw new IllegalArgumentException("jitter must be one of none, full, equal, decorrelated but was " + name);
    }
}
