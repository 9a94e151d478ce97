package dev.resilient.circuitbreaker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * The immutable configuration of a {@link CircuitBreaker}, built with {@link #builder()} and
 * validated on {@link Builder#build()}.
 *
 * <p>The circuit opens when any enabled condition holds: {@code failureThreshold} consecutive
 * failures; a failure rate of at least {@code failureRateThreshold} percent over the sliding window;
 * a slow-call rate of at least {@code slowCallRateThreshold} percent. The rates are evaluated only
 * once the window holds {@code minimumNumberOfCalls} calls (for a count-based window at most its
 * size). A threshold of 0 switches its condition off.
 *
 * <p>A failure is <em>ignored</em> (neither success nor failure, the permission is given back) when
 * it is an instance of one of {@code ignoreOn}. Otherwise it is <em>recorded</em> as a failure when
 * it is an instance of one of {@code recordOn} and {@code recordIf} (if set) accepts it. Any other
 * failure counts as a success: the dependency answered, the call merely failed for its own reasons.
 */
public final class CircuitBreakerConfig {

    /** The largest count-based window: its counters are packed into one 64-bit word. */
    public static final int MAX_COUNT_WINDOW = 1_000_000;
    /** The largest time-based window, in seconds (one hour). */
    public static final int MAX_TIME_WINDOW_SECONDS = 3600;

    private static final CircuitBreakerConfig DEFAULTS = builder().build();

    private final int failureThreshold;
    private final double failureRateThreshold;
    private final double slowCallRateThreshold;
    private final Duration slowCallDurationThreshold;
    private final SlidingWindowType slidingWindowType;
    private final int slidingWindowSize;
    private final int minimumNumberOfCalls;
    private final Duration recoveryTimeout;
    private final int halfOpenRequests;
    private final int successThreshold;
    private final List<Class<? extends Throwable>> recordOn;
    private final List<Class<? extends Throwable>> ignoreOn;
    private final @Nullable Predicate<Throwable> recordIf;
    private final @Nullable SharedCircuitState sharedState;

    private CircuitBreakerConfig(
            Builder b, List<Class<? extends Throwable>> recordOn, List<Class<? extends Throwable>> ignoreOn) {
        this.failureThreshold = b.failureThreshold;
        this.failureRateThreshold = b.failureRateThreshold;
        this.slowCallRateThreshold = b.slowCallRateThreshold;
        this.slowCallDurationThreshold = b.slowCallDurationThreshold;
        this.slidingWindowType = b.slidingWindowType;
        this.slidingWindowSize = b.slidingWindowSize;
        this.minimumNumberOfCalls = b.minimumNumberOfCalls;
        this.recoveryTimeout = b.recoveryTimeout;
        this.halfOpenRequests = b.halfOpenRequests;
        this.successThreshold = b.successThreshold;
        this.recordOn = List.copyOf(recordOn);
        this.ignoreOn = List.copyOf(ignoreOn);
        this.recordIf = b.recordIf;
        this.sharedState = b.sharedState;
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** The defaults: open after 5 consecutive failures, 30 s recovery, one trial call. */
    public static CircuitBreakerConfig ofDefaults() {
        return DEFAULTS;
    }

    /** A builder starting from this configuration. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Shares the OPEN state with other JVMs; {@code null} (the default): this JVM alone. */
    public @Nullable SharedCircuitState sharedState() {
        return sharedState;
    }

    /** Consecutive failures that open the circuit; 0 = off. Default 5. */
    public int failureThreshold() {
        return failureThreshold;
    }

    /** Failure rate in percent over the window that opens the circuit; 0 = off. Default 0. */
    public double failureRateThreshold() {
        return failureRateThreshold;
    }

    /** Slow-call rate in percent over the window that opens the circuit; 0 = off. Default 0. */
    public double slowCallRateThreshold() {
        return slowCallRateThreshold;
    }

    /** A call at least this long is slow. Default 60 s. */
    public Duration slowCallDurationThreshold() {
        return slowCallDurationThreshold;
    }

    /** Count- or time-based window. Default {@link SlidingWindowType#COUNT_BASED}. */
    public SlidingWindowType slidingWindowType() {
        return slidingWindowType;
    }

    /** Calls (count-based) or seconds (time-based) in the window. Default 100. */
    public int slidingWindowSize() {
        return slidingWindowSize;
    }

    /** Calls the window must hold before rates are evaluated. Default 100. */
    public int minimumNumberOfCalls() {
        return minimumNumberOfCalls;
    }

    /** {@link #minimumNumberOfCalls()}, capped at the window size for a count-based window. */
    public int effectiveMinimumNumberOfCalls() {
        return slidingWindowType == SlidingWindowType.COUNT_BASED
                ? Math.min(minimumNumberOfCalls, slidingWindowSize)
                : minimumNumberOfCalls;
    }

    /** How long the circuit stays open before it lets trial calls through. Default 30 s. */
    public Duration recoveryTimeout() {
        return recoveryTimeout;
    }

    /** Trial calls permitted in half-open (at most this many at once, in total). Default 1. */
    public int halfOpenRequests() {
        return halfOpenRequests;
    }

    /** Successful trial calls that close the circuit; at most {@code halfOpenRequests}. Default 1. */
    public int successThreshold() {
        return successThreshold;
    }

    /** Failure types that are recorded as failures. Default {@code [Exception]}. */
    public List<Class<? extends Throwable>> recordOn() {
        return recordOn;
    }

    /** Failure types that count neither as success nor as failure; win over {@code recordOn}. */
    public List<Class<? extends Throwable>> ignoreOn() {
        return ignoreOn;
    }

    /** An extra condition a failure of a {@code recordOn} type must meet to be recorded; may be null. */
    public @Nullable Predicate<Throwable> recordIf() {
        return recordIf;
    }

    /** The effective settings by name, in a stable order, e.g. for an actuator. */
    public Map<String, Object> describe() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("failureThreshold", failureThreshold);
        map.put("failureRateThreshold", failureRateThreshold);
        map.put("slowCallRateThreshold", slowCallRateThreshold);
        map.put("slowCallDurationThreshold", slowCallDurationThreshold);
        map.put("slidingWindowType", slidingWindowType);
        map.put("slidingWindowSize", slidingWindowSize);
        map.put("minimumNumberOfCalls", minimumNumberOfCalls);
        map.put("recoveryTimeout", recoveryTimeout);
        map.put("halfOpenRequests", halfOpenRequests);
        map.put("successThreshold", successThreshold);
        map.put("recordOn", recordOn.stream().map(Class::getName).toList());
        map.put("ignoreOn", ignoreOn.stream().map(Class::getName).toList());
        map.put("recordIf", recordIf == null ? "none" : "custom");
        if (sharedState != null) {
            map.put("sharedState", sharedState.toString());
        }
        return map;
    }

    @Override
    public String toString() {
        return "CircuitBreakerConfig" + describe();
    }

    /** Builds a {@link CircuitBreakerConfig}; every value is checked on {@link #build()}. */
    public static final class Builder {
        private int failureThreshold = 5;
        private double failureRateThreshold;
        private double slowCallRateThreshold;
        private Duration slowCallDurationThreshold = Duration.ofSeconds(60);
        private SlidingWindowType slidingWindowType = SlidingWindowType.COUNT_BASED;
        private int slidingWindowSize = 100;
        private int minimumNumberOfCalls = 100;
        private Duration recoveryTimeout = Duration.ofSeconds(30);
        private int halfOpenRequests = 1;
        private boolean halfOpenRequestsSet;
        private int successThreshold = 1;
        private @Nullable List<Class<? extends Throwable>> recordOn = List.of(Exception.class);
        private @Nullable List<Class<? extends Throwable>> ignoreOn = List.of();
        private @Nullable Predicate<Throwable> recordIf;
        private @Nullable SharedCircuitState sharedState;

        private Builder() {}

        private Builder(CircuitBreakerConfig c) {
            failureThreshold = c.failureThreshold;
            failureRateThreshold = c.failureRateThreshold;
            slowCallRateThreshold = c.slowCallRateThreshold;
            slowCallDurationThreshold = c.slowCallDurationThreshold;
            slidingWindowType = c.slidingWindowType;
            slidingWindowSize = c.slidingWindowSize;
            minimumNumberOfCalls = c.minimumNumberOfCalls;
            recoveryTimeout = c.recoveryTimeout;
            halfOpenRequests = c.halfOpenRequests;
            successThreshold = c.successThreshold;
            recordOn = c.recordOn;
            ignoreOn = c.ignoreOn;
            recordIf = c.recordIf;
            sharedState = c.sharedState;
        }

        /**
         * Shares the OPEN state with every JVM using the same breaker name (e.g. {@code
         * resilient-redis}); {@code null} (the default) keeps the state in this JVM.
         */
        public Builder sharedState(@Nullable SharedCircuitState sharedState) {
            this.sharedState = sharedState;
            return this;
        }

        /** Consecutive failures that open the circuit; 0 switches this condition off. */
        public Builder failureThreshold(int failureThreshold) {
            this.failureThreshold = failureThreshold;
            return this;
        }

        /** Failure rate in percent (0 &lt; x &lt;= 100) that opens the circuit; 0 switches it off. */
        public Builder failureRateThreshold(double percent) {
            this.failureRateThreshold = percent;
            return this;
        }

        /** Slow-call rate in percent (0 &lt; x &lt;= 100) that opens the circuit; 0 switches it off. */
        public Builder slowCallRateThreshold(double percent) {
            this.slowCallRateThreshold = percent;
            return this;
        }

        /** A call taking at least this long is slow. */
        public Builder slowCallDurationThreshold(Duration threshold) {
            this.slowCallDurationThreshold = threshold;
            return this;
        }

        public Builder slidingWindowType(SlidingWindowType type) {
            this.slidingWindowType = type;
            return this;
        }

        /** Calls (count-based) or seconds (time-based). */
        public Builder slidingWindowSize(int size) {
            this.slidingWindowSize = size;
            return this;
        }

        /** Shorthand for a window type and size. */
        public Builder slidingWindow(SlidingWindowType type, int size) {
            this.slidingWindowType = type;
            this.slidingWindowSize = size;
            return this;
        }

        public Builder minimumNumberOfCalls(int minimumNumberOfCalls) {
            this.minimumNumberOfCalls = minimumNumberOfCalls;
            return this;
        }

        /** How long the circuit stays open before trial calls are let through. */
        public Builder recoveryTimeout(Duration recoveryTimeout) {
            this.recoveryTimeout = recoveryTimeout;
            return this;
        }

        /** Trial calls permitted in half-open. Default 1, or {@code successThreshold} when that alone is set. */
        public Builder halfOpenRequests(int halfOpenRequests) {
            this.halfOpenRequests = halfOpenRequests;
            this.halfOpenRequestsSet = true;
            return this;
        }

        /**
         * Successful trial calls that close the circuit; at most {@code halfOpenRequests}. Set alone, it
         * raises {@code halfOpenRequests} to match.
         */
        public Builder successThreshold(int successThreshold) {
            this.successThreshold = successThreshold;
            return this;
        }

        /** Replaces the failure types recorded as failures. */
        @SafeVarargs
        public final Builder recordOn(Class<? extends Throwable>... types) {
            Objects.requireNonNull(types, "recordOn");
            List<Class<? extends Throwable>> list = new ArrayList<>(types.length);
            for (Class<? extends Throwable> type : types) {
                list.add(type);
            }
            return recordOn(list);
        }

        /** Replaces the failure types recorded as failures. */
        public Builder recordOn(Collection<Class<? extends Throwable>> types) {
            this.recordOn = types == null ? null : new ArrayList<>(types);
            return this;
        }

        /** Replaces the failure types that count neither as success nor as failure. */
        @SafeVarargs
        public final Builder ignoreOn(Class<? extends Throwable>... types) {
            Objects.requireNonNull(types, "ignoreOn");
            List<Class<? extends Throwable>> list = new ArrayList<>(types.length);
            for (Class<? extends Throwable> type : types) {
                list.add(type);
            }
            return ignoreOn(list);
        }

        /** Replaces the failure types that count neither as success nor as failure. */
        public Builder ignoreOn(Collection<Class<? extends Throwable>> types) {
            this.ignoreOn = types == null ? null : new ArrayList<>(types);
            return this;
        }

        /** An extra condition for recording a failure of a {@code recordOn} type; null = always. */
        public Builder recordIf(@Nullable Predicate<Throwable> recordIf) {
            this.recordIf = recordIf;
            return this;
        }

        /** Validates and builds; a bad value throws {@link IllegalArgumentException} naming it. */
        public CircuitBreakerConfig build() {
            if (failureThreshold < 0) {
                throw invalid("failureThreshold must be >= 0 but was " + failureThreshold);
            }
            checkPercent("failureRateThreshold", failureRateThreshold);
            checkPercent("slowCallRateThreshold", slowCallRateThreshold);
            checkPositive("slowCallDurationThreshold", slowCallDurationThreshold);
            if (slidingWindowType == null) {
                throw invalid("slidingWindowType must not be null");
            }
            if (slidingWindowSize < 1) {
                throw invalid("slidingWindowSize must be >= 1 but was " + slidingWindowSize);
            }
            if (slidingWindowType == SlidingWindowType.COUNT_BASED && slidingWindowSize > MAX_COUNT_WINDOW) {
                throw invalid("slidingWindowSize must be <= " + MAX_COUNT_WINDOW + " for a COUNT_BASED window but was "
                        + slidingWindowSize);
            }
            if (slidingWindowType == SlidingWindowType.TIME_BASED && slidingWindowSize > MAX_TIME_WINDOW_SECONDS) {
                throw invalid("slidingWindowSize must be <= " + MAX_TIME_WINDOW_SECONDS
                        + " (seconds) for a TIME_BASED window but was " + slidingWindowSize);
            }
            if (minimumNumberOfCalls < 1) {
                throw invalid("minimumNumberOfCalls must be >= 1 but was " + minimumNumberOfCalls);
            }
            checkPositive("recoveryTimeout", recoveryTimeout);
            if (halfOpenRequests < 1) {
                throw invalid("halfOpenRequests must be >= 1 but was " + halfOpenRequests);
            }
            if (successThreshold < 1) {
                throw invalid("successThreshold must be >= 1 but was " + successThreshold);
            }
            if (successThreshold > halfOpenRequests && !halfOpenRequestsSet) {
                halfOpenRequests = successThreshold;
            }
            if (successThreshold > halfOpenRequests) {
                throw invalid("successThreshold must be <= halfOpenRequests (" + halfOpenRequests + ") but was "
                        + successThreshold);
            }
            List<Class<? extends Throwable>> recorded = checkTypes("recordOn", recordOn);
            List<Class<? extends Throwable>> ignored = checkTypes("ignoreOn", ignoreOn);
            if (recorded.isEmpty()) {
                throw invalid("recordOn must name at least one exception type but was empty");
            }
            return new CircuitBreakerConfig(this, recorded, ignored);
        }

        private static void checkPercent(String field, double value) {
            if (!(value >= 0 && value <= 100)) {
                throw invalid(field + " must be between 0 and 100 (0 = off) but was " + value);
            }
        }

        private static void checkPositive(String field, Duration value) {
            if (value == null) {
                throw invalid(field + " must not be null");
            }
            if (value.isNegative() || value.isZero()) {
                throw invalid(field + " must be positive but was " + value);
            }
        }

        /** {@code types}, checked: not {@code null} and without {@code null} in it. */
        private static List<Class<? extends Throwable>> checkTypes(
                String field, @Nullable List<Class<? extends Throwable>> types) {
            if (types == null) {
                throw invalid(field + " must not be null");
            }
            for (Class<? extends Throwable> type : types) {
                if (type == null) {
                    throw invalid(field + " must not contain null but was " + types);
                }
            }
            return types;
        }

        private static IllegalArgumentException invalid(String message) {
            return new IllegalArgumentException(message);
        }
    }
}
