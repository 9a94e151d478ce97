package dev.resilient.spring.properties;

import dev.resilient.circuitbreaker.SlidingWindowType;
import java.time.Duration;
import java.util.List;

/**
 * Circuit breaker: stop calling a dependency that keeps failing.
 * The {@code circuit-breaker.*} keys of a profile: {@code resilient.defaults.circuit-breaker.*} and
 * {@code resilient.profiles.<name>.circuit-breaker.*}.
 */
public class CircuitBreakerProperties {

    /**
     * Where the open state is shared: memory (per instance, the default) or redis (an instance that opens the circuit opens it for all).
     */
    private StateBackend backend;

    public StateBackend getBackend() {
        return this.backend;
    }

    public void setBackend(StateBackend backend) {
        this.backend = backend;
    }

    /**
     * Number of consecutive failures that opens the circuit.
     */
    private Integer failureThreshold;

    /**
     * Failure rate in percent (0 to 100] over the sliding window that opens the circuit.
     */
    private Double failureRateThreshold;

    /**
     * Rate of slow calls in percent (0 to 100] over the sliding window that opens the circuit.
     */
    private Double slowCallRateThreshold;

    /**
     * Calls taking longer than this count as slow.
     */
    private Duration slowCallDurationThreshold;

    /**
     * Whether the sliding window counts the last N calls (count-based) or the calls of the last N seconds (time-based).
     */
    private SlidingWindowType slidingWindowType;

    /**
     * Size of the sliding window: a number of calls (count-based) or of seconds (time-based).
     */
    private Integer slidingWindowSize;

    /**
     * Calls the window must have seen before a rate can open the circuit.
     */
    private Integer minimumNumberOfCalls;

    /**
     * How long the circuit stays open before it lets trial calls through (half-open).
     */
    private Duration recoveryTimeout;

    /**
     * Number of trial calls allowed while half-open.
     */
    private Integer halfOpenRequests;

    /**
     * Successful trial calls needed to close the circuit again.
     */
    private Integer successThreshold;

    /**
     * Fully qualified exception class names counted as failures; empty counts every exception not in ignore-on.
     */
    private List<String> recordOn;

    /**
     * Fully qualified exception class names that count neither as failure nor as success.
     */
    private List<String> ignoreOn;

    public Integer getFailureThreshold() {
        return this.failureThreshold;
    }

    public void setFailureThreshold(Integer failureThreshold) {
        this.failureThreshold = failureThreshold;
    }

    public Double getFailureRateThreshold() {
        return this.failureRateThreshold;
    }

    public void setFailureRateThreshold(Double failureRateThreshold) {
        this.failureRateThreshold = failureRateThreshold;
    }

    public Double getSlowCallRateThreshold() {
        return this.slowCallRateThreshold;
    }

    public void setSlowCallRateThreshold(Double slowCallRateThreshold) {
        this.slowCallRateThreshold = slowCallRateThreshold;
    }

    public Duration getSlowCallDurationThreshold() {
        return this.slowCallDurationThreshold;
    }

    public void setSlowCallDurationThreshold(Duration slowCallDurationThreshold) {
        this.slowCallDurationThreshold = slowCallDurationThreshold;
    }

    public SlidingWindowType getSlidingWindowType() {
        return this.slidingWindowType;
    }

    public void setSlidingWindowType(SlidingWindowType slidingWindowType) {
        this.slidingWindowType = slidingWindowType;
    }

    public Integer getSlidingWindowSize() {
        return this.slidingWindowSize;
    }

    public void setSlidingWindowSize(Integer slidingWindowSize) {
        this.slidingWindowSize = slidingWindowSize;
    }

    public Integer getMinimumNumberOfCalls() {
        return this.minimumNumberOfCalls;
    }

    public void setMinimumNumberOfCalls(Integer minimumNumberOfCalls) {
        this.minimumNumberOfCalls = minimumNumberOfCalls;
    }

    public Duration getRecoveryTimeout() {
        return this.recoveryTimeout;
    }

    public void setRecoveryTimeout(Duration recoveryTimeout) {
        this.recoveryTimeout = recoveryTimeout;
    }

    public Integer getHalfOpenRequests() {
        return this.halfOpenRequests;
    }

    public void setHalfOpenRequests(Integer halfOpenRequests) {
        this.halfOpenRequests = halfOpenRequests;
    }

    public Integer getSuccessThreshold() {
        return this.successThreshold;
    }

    public void setSuccessThreshold(Integer successThreshold) {
        this.successThreshold = successThreshold;
    }

    public List<String> getRecordOn() {
        return this.recordOn;
    }

    public void setRecordOn(List<String> recordOn) {
        this.recordOn = recordOn;
    }

    public List<String> getIgnoreOn() {
        return this.ignoreOn;
    }

    public void setIgnoreOn(List<String> ignoreOn) {
        this.ignoreOn = ignoreOn;
    }
}
