package dev.resilient.timeout;

import java.time.Duration;
import java.util.Objects;

/**
 * The immutable configuration of a {@link TimeoutStep}: how long one attempt may take, and whether
 * the call is cancelled (a synchronous call interrupted, an asynchronous call's future cancelled)
 * when it takes longer.
 */
public final class TimeoutConfig {

    /** The longest accepted timeout. */
    public static final Duration MAX_TIMEOUT = Duration.ofDays(1);

    private static final TimeoutConfig DEFAULTS = builder().build();

    private final Duration timeout;
    private final boolean cancelRunningFuture;

    private TimeoutConfig(Builder builder) {
        this.timeout = builder.timeout;
        this.cancelRunningFuture = builder.cancelRunningFuture;
    }

    /** One second; the call is cancelled on timeout. */
    public static TimeoutConfig ofDefaults() {
        return DEFAULTS;
    }

    /** A configuration with {@code timeout} and the other defaults. */
    public static TimeoutConfig of(Duration timeout) {
        return builder().timeout(timeout).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from this configuration. */
    public Builder toBuilder() {
        return new Builder().timeout(timeout).cancelRunningFuture(cancelRunningFuture);
    }

    /** The longest one attempt may take. */
    public Duration timeout() {
        return timeout;
    }

    /** Whether a call that timed out is cancelled (interrupted when synchronous). */
    public boolean cancelRunningFuture() {
        return cancelRunningFuture;
    }

    @Override
    public String toString() {
        return "TimeoutConfig{timeout=" + timeout + ", cancelRunningFuture=" + cancelRunningFuture + '}';
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TimeoutConfig other
                && timeout.equals(other.timeout)
                && cancelRunningFuture == other.cancelRunningFuture;
    }

    @Override
    public int hashCode() {
        return Objects.hash(timeout, cancelRunningFuture);
    }

    /** Builds a validated {@link TimeoutConfig}. */
    public static final class Builder {
        private Duration timeout = Duration.ofSeconds(1);
        private boolean cancelRunningFuture = true;

        private Builder() {}

        /** The longest one attempt may take; positive, at most one day. Default 1 s. */
        public Builder timeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        /** Whether a call that timed out is cancelled; default {@code true}. */
        public Builder cancelRunningFuture(boolean cancelRunningFuture) {
            this.cancelRunningFuture = cancelRunningFuture;
            return this;
        }

        /** Validates and builds; a bad value throws {@link IllegalArgumentException} naming it. */
        public TimeoutConfig build() {
            if (timeout == null || timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("timeout must be > 0 but was " + timeout);
            }
            if (timeout.compareTo(MAX_TIMEOUT) > 0) {
                throw new IllegalArgumentException("timeout must be <= " + MAX_TIMEOUT + " but was " + timeout);
            }
            return new TimeoutConfig(this);
        }
    }
}
