package dev.resilient.bulkhead;

import java.time.Duration;
import java.util.Objects;

/**
 * The immutable configuration of a {@link Bulkhead}: at most {@code maxConcurrent} calls at a
 * time; a caller waits at most {@code maxWait} for a free slot ({@link Duration#ZERO}: rejected at
 * once).
 */
public final class BulkheadConfig {

    /** The longest accepted wait. */
    public static final Duration MAX_WAIT = Duration.ofDays(1);

    private static final BulkheadConfig DEFAULTS = builder().build();

    private final int maxConcurrent;
    private final Duration maxWait;

    private BulkheadConfig(Builder builder) {
        this.maxConcurrent = builder.maxConcurrent;
        this.maxWait = builder.maxWait;
    }

    /** 25 concurrent calls, no waiting. */
    public static BulkheadConfig ofDefaults() {
        return DEFAULTS;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from this configuration. */
    public Builder toBuilder() {
        return new Builder().maxConcurrent(maxConcurrent).maxWait(maxWait);
    }

    public int maxConcurrent() {
        return maxConcurrent;
    }

    /** The longest a caller waits for a free slot; zero rejects at once. */
    public Duration maxWait() {
        return maxWait;
    }

    @Override
    public String toString() {
        return "BulkheadConfig{maxConcurrent=" + maxConcurrent + ", maxWait=" + maxWait + '}';
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BulkheadConfig other
                && maxConcurrent == other.maxConcurrent
                && maxWait.equals(other.maxWait);
    }

    @Override
    public int hashCode() {
        return Objects.hash(maxConcurrent, maxWait);
    }

    /** Builds a validated {@link BulkheadConfig}. */
    public static final class Builder {
        private int maxConcurrent = 25;
        private Duration maxWait = Duration.ZERO;

        private Builder() {}

        /** Calls allowed at the same time; at least 1. Default 25. */
        public Builder maxConcurrent(int maxConcurrent) {
            this.maxConcurrent = maxConcurrent;
            return this;
        }

        /** The longest a caller waits for a free slot; zero (the default) rejects at once. */
        public Builder maxWait(Duration maxWait) {
            this.maxWait = maxWait;
            return this;
        }

        /** Validates and builds; a bad value throws {@link IllegalArgumentException} naming it. */
        public BulkheadConfig build() {
            if (maxConcurrent < 1) {
                throw new IllegalArgumentException("maxConcurrent must be >= 1 but was " + maxConcurrent);
            }
            if (maxWait == null || maxWait.isNegative()) {
                throw new IllegalArgumentException("maxWait must be >= 0 but was " + maxWait);
            }
            if (maxWait.compareTo(MAX_WAIT) > 0) {
                throw new IllegalArgumentException("maxWait must be <= " + MAX_WAIT + " but was " + maxWait);
            }
            return new BulkheadConfig(this);
        }
    }
}
