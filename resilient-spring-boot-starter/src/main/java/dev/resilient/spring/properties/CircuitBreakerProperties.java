package dev.resilient.spring.properties;

import dev.resilient.circuitbreaker.SlidingWindowType;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Circuit breaker: stop calling a dependency that keeps failing.
 * The {@code circuit-breaker.*} keys of a profile: {@code resilient.defaults.circuit-breaker.*} and
 * {@code resilient.profiles.<name>.circuit-breaker.*}.
 */
public class CircuitBreakerProperties {

    /**
     * Where the open state is shared: memory (per instance, the default) or redis (an instance that opens the circuit opens it for all).
     */
    private @Nullable StateBackend backend;

    public @Nullable StateBackend getBackend() {
        return this.backend;
    }

    public void setBackend(@Nullable StateBackend backend) {
        this.backend = backend;
    }

    /**
     * Number of consecutive failures that opens the circuit.
     */
    private @Nullable Integer failureThreshold;

    /**
     * Failure rate in percent (0 to 100] over the sliding window that opens the circuit.
     */
    private @Nullable Double failureRateThreshold;

    /**
     * Rate of slow calls in percent (0 to 100] over the sliding window that opens the circuit.
     */
    private @Nullable Double slowCallRateThreshold;

    /**
     * Calls taking longer than this count as slow.
     */
    private @Nullable Duration slowCallDurationThreshold;

    /**
     * Whether the sliding window counts the last N calls (count-based) or the calls of the last N seconds (time-based).
     */
    private @Nullable SlidingWindowType slidingWindowType;

    /**
     * Size of the sliding window: a number of calls (count-based) or of seconds (time-based).
     */
    private @Nullable Integer slidingWindowSize;

    /**
     * Calls the window must have seen before a rate can open the circuit.
     */
    private @Nullable Integer minimumNumberOfCalls;

    /**
     * How long the circuit stays open before it lets trial calls through (half-open).
     */
    private @Nullable Duration recoveryTimeout;

    /**
     * Number of trial calls allowed while half-open.
     */
    private @Nullable Integer halfOpenRequests;

    /**
     * Successful trial calls needed to close the circuit again.
     */
    private @Nullable Integer successThreshold;

    /**
     * Fully qualified exception class names counted as failures; empty counts every exception not in ignore-on.
     */
    private @Nullable List<String> recordOn;

    /**
     * Fully qualified exception class names that count neither as failure nor as success.
     */
    private @Nullable List<String> ignoreOn;

    public @Nullable Integer getFailureThreshold() {
        return this.failureThreshold;
    }

    public void setFailureThreshold(@Nullable Integer failureThreshold) {
        this.failureThreshold = failureThreshold;
    }

    public @Nullable Double getFailureRateThreshold() {
        return this.failureRateThreshold;
    }

    public void setFailureRateThreshold(@Nullable Double failureRateThreshold) {
        this.failureRateThreshold = failureRateThreshold;
    }

    public @Nullable Double getSlowCallRateThreshold() {
        return this.slowCallRateThreshold;
    }

    public void setSlowCallRateThreshold(@Nullable Double slowCallRateThreshold) {
        this.slowCallRateThreshold = slowCallRateThreshold;
    }

    public @Nullable Duration getSlowCallDurationThreshold() {
        return this.slowCallDurationThreshold;
    }

    public void setSlowCallDurationThreshold(@Nullable Duration slowCallDurationThreshold) {
        this.slowCallDurationThreshold = slowCallDurationThreshold;
    }

    public @Nullable SlidingWindowType getSlidingWindowType() {
        return this.slidingWindowType;
    }

    public void setSlidingWindowType(@Nullable SlidingWindowType slidingWindowType) {
        this.slidingWindowType = slidingWindowType;
    }

    public @Nullable Integer getSlidingWindowSize() {
        return this.slidingWindowSize;
    }

    public void setSlidingWindowSize(@Nullable Integer slidingWindowSize) {
        this.slidingWindowSize = slidingWindowSize;
    }

    public @Nullable Integer getMinimumNumberOfCalls() {
        return this.minimumNumberOfCalls;
    }

    public void setMinimumNumberOfCalls(@Nullable Integer minimumNumberOfCalls) {
        this.minimumNumberOfCalls = minimumNumberOfCalls;
    }

    public @Nullable Duration getRecoveryTimeout() {
        return this.recoveryTimeout;
    }

    public void setRecoveryTimeout(@Nullable Duration recoveryTimeout) {
        this.recoveryTimeout = recoveryTimeout;
    }

    public @Nullable Integer getHalfOpenRequests() {
        return this.halfOpenRequests;
    }

    public void setHalfOpenRequests(@Nullable Integer halfOpenRequests) {
        this.halfOpenRequests = halfOpenRequests;
    }

    public @Nullable Integer getSuccessThreshold() {
        return this.successThreshold;
    }

    public void setSuccessThreshold(@Nullable Integer successThreshold) {
        this.successThreshold = successThreshold;
    }

    public @Nullable List<String> getRecordOn() {
        return this.recordOn;
    }

    public void setRecordOn(@Nullable List<String> recordOn) {
        this.recordOn = recordOn;
    }

    public @Nullable List<String> getIgnoreOn() {
        return this.ignoreOn;
    }

    public void setIgnoreOn(@Nullable List<String> ignoreOn) {
        this.ignoreOn = ignoreOn;
    }
}
