package dev.resilient.retry.internal;

import dev.resilient.retry.Jitter;
import java.util.random.RandomGenerator;

/** The built-in jitters. */
public abstract class StandardJitter implements Jitter {
    public static final StandardJitter NONE = new StandardJitter("none") {
        @Override
        public long apply(long delayNanos, long previousNanos, long baseNanos, long maxNanos, RandomGenerator random) {
            return delayNanos;
        }

        @Override
        public long upperBoundNanos(long delayNanos, long maxNanos) {
            return delayNanos;
        }
    };

    public static final StandardJitter FULL = new StandardJitter("full") {
        @Override
        public long apply(long delayNanos, long previousNanos, long baseNanos, long maxNanos, RandomGenerator random) {
            return uniform(random, 0, delayNanos);
        }

        @Override
        public long upperBoundNanos(long delayNanos, long maxNanos) {
            return delayNanos;
        }
    };

    public static final StandardJitter EQUAL = new StandardJitter("equal") {
        @Override
        public long apply(long delayNanos, long previousNanos, long baseNanos, long maxNanos, RandomGenerator random) {
            long half = delayNanos / 2;
            return half + uniform(random, 0, delayNanos - half);
        }

        @Override
        public long upperBoundNanos(long delayNanos, long maxNanos) {
            return delayNanos;
        }
    };

    public static final StandardJitter DECORRELATED = new StandardJitter("decorrelated") {
        @Override
        public long apply(long delayNanos, long previousNanos, long baseNanos, long maxNanos, RandomGenerator random) {
            long low = Math.max(0, baseNanos);
            long previous = Math.max(previousNanos, low);
            long high = previous > Long.MAX_VALUE / 3 ? Long.MAX_VALUE : previous * 3;
            return Math.min(maxNanos, uniform(random, low, high));
        }

        @Override
        public long upperBoundNanos(long delayNanos, long maxNanos) {
            return maxNanos;
        }
    };

    private final String label;

    private StandardJitter(String label) {
        this.label = label;
    }

    @Override
    public String name() {
        return label;
    }

    @Override
    public String toString() {
        return label;
    }

    /** Uniform in {@code [low, high]}, both inclusive; {@code low} when the range is empty. */
    static long uniform(RandomGenerator random, long low, long high) {
        if (high <= low) {
            return low;
        }
        if (high == Long.MAX_VALUE) {
            return random.nextLong(low, high); // excludes one nanosecond of Long.MAX_VALUE; harmless
        }
        return random.nextLong(low, high + 1);
    }
}
