package dev.resilient.retry.internal;

import dev.resilient.retry.Backoff;

/** The built-in backoff curves; all saturate at the cap instead of overflowing. */
public abstract class StandardBackoff implements Backoff {
    public static final StandardBackoff FIXED = new StandardBackoff("fixed") {
        @Override
        public long delayNanos(int n, long baseNanos, double multiplier, long maxNanos) {
            return Math.min(baseNanos, maxNanos);
        }
    };

    public static final StandardBackoff LINEAR = new StandardBackoff("linear") {
        @Override
        public long delayNanos(int n, long baseNanos, double multiplier, long maxNanos) {
            if (baseNanos <= 0) {
                return 0;
            }
            long times = Math.max(1, n);
            return times > maxNanos / baseNanos ? maxNanos : Math.min(baseNanos * times, maxNanos);
        }
    };

    public static final StandardBackoff EXPONENTIAL = new StandardBackoff("exponential") {
        @Override
        public long delayNanos(int n, long baseNanos, double multiplier, long maxNanos) {
            if (baseNanos <= 0) {
                return 0;
            }
            double delay = baseNanos * Math.pow(multiplier, Math.max(0, n - 1));
            // also true for +Infinity; (long) of a double >= maxNanos could round past it
            return delay >= maxNanos ? maxNanos : Math.min((long) delay, maxNanos);
        }
    };

    public static final StandardBackoff FIBONACCI = new StandardBackoff("fibonacci") {
        @Override
        public long delayNanos(int n, long baseNanos, double multiplier, long maxNanos) {
            if (baseNanos <= 0) {
                return 0;
            }
            long limit = maxNanos / baseNanos; // fib(n) above this reaches the cap
            long previous = 0;
            long current = 1; // fib(1)
            for (int i = 1; i < n; i++) {
                if (current > limit - previous) {
                    return maxNanos; // the next term passes the cap; reached within ~92 iterations
                }
                long following = previous + current;
                previous = current;
                current = following;
            }
            return current > limit ? maxNanos : Math.min(baseNanos * current, maxNanos);
        }
    };

    private final String label;

    private StandardBackoff(String label) {
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
}
