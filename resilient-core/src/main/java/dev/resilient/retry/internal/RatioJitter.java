package dev.resilient.retry.internal;

import dev.resilient.retry.Jitter;
import java.util.random.RandomGenerator;

/** {@code d * uniform[1 - r, 1 + r]}. */
public final class RatioJitter implements Jitter {

    private final double ratio;

    public RatioJitter(double ratio) {
        if (!(ratio > 0 && ratio <= 1)) {
            throw new IllegalArgumentException("jitter ratio must be > 0 and <= 1 but was " + ratio);
        }
        this.ratio = ratio;
    }

    public double ratio() {
        return ratio;
    }

    @Override
    public long apply(long delayNanos, long previousNanos, long baseNanos, long maxNanos, RandomGenerator random) {
        double factor = 1 - ratio + 2 * ratio * random.nextDouble();
        double jittered = delayNanos * factor;
        return jittered >= Long.MAX_VALUE ? Long.MAX_VALUE : Math.max(0, Math.round(jittered));
    }

    @Override
    public long upperBoundNanos(long delayNanos, long maxNanos) {
        double high = delayNanos * (1 + ratio);
        return high >= Long.MAX_VALUE ? Long.MAX_VALUE : (long) Math.ceil(high);
    }

    @Override
    public String name() {
        return "ratio(" + ratio + ")";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RatioJitter that && Double.compare(ratio, that.ratio) == 0;
    }

    @Override
    public int hashCode() {
        return Double.hashCode(ratio);
    }

    @Override
    public String toString() {
        return name();
    }
}
