package dev.resilient.circuitbreaker.internal;

import dev.resilient.circuitbreaker.CircuitBreakerConfig;
import dev.resilient.circuitbreaker.SlidingWindowType;
import dev.resilient.time.Clock;

/**
 * The recent outcomes of a closed circuit, for its failure-rate and slow-call-rate thresholds. One
 * window lives as long as one closed period; a new period starts with a new window, so recording
 * never races with a reset.
 */
public interface SlidingWindow {

    /**
     * Records one call and tells whether the window now exceeds a rate threshold (with at least the
     * minimum number of calls). Never allocates.
     */
    boolean record(boolean failed, boolean slow);

    /** The calls, failures and slow calls currently in the window. */
    WindowCounts counts();

    /** A window as {@code config} describes it, reading time (when it needs to) from {@code clock}. */
    static SlidingWindow create(CircuitBreakerConfig config, Clock clock) {
        Thresholds thresholds = new Thresholds(
                config.effectiveMinimumNumberOfCalls(), config.failureRateThreshold(), config.slowCallRateThreshold());
        return config.slidingWindowType() == SlidingWindowType.COUNT_BASED
                ? new CountBasedWindow(config.slidingWindowSize(), thresholds)
                : new TimeBasedWindow(config.slidingWindowSize(), thresholds, clock);
    }

    /** The rate thresholds a window checks; a rate of 0 is off. */
    record Thresholds(int minimumCalls, double failureRate, double slowCallRate) {

        /** Whether these counts open the circuit. */
        public boolean exceeded(long calls, long failures, long slow) {
            if (calls < minimumCalls || calls <= 0) {
                return false;
            }
            return (failureRate > 0 && failures * 100.0 >= failureRate * calls)
                    || (slowCallRate > 0 && slow * 100.0 >= slowCallRate * calls);
        }
    }
}
