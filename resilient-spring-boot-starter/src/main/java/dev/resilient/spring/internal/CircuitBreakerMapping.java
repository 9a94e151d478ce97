package dev.resilient.spring.internal;

import dev.resilient.circuitbreaker.CircuitBreakerConfig;
import dev.resilient.circuitbreaker.SlidingWindowType;
import dev.resilient.spring.properties.CircuitBreakerProperties;
import dev.resilient.spring.properties.ProfileProperties;
import java.time.Duration;
import java.util.List;

/** {@code circuit-breaker.*} onto core's {@link CircuitBreakerConfig}; on when a threshold is set. */
final class CircuitBreakerMapping {

    private CircuitBreakerMapping() {}

    static ConfigPart map(ProfileProperties p, Checks check) {
        CircuitBreakerProperties c = p.getCircuitBreaker();
        Integer failureThreshold = check.atLeastOne("circuit-breaker.failure-threshold", c.getFailureThreshold());
        Double failureRate = check.percent("circuit-breaker.failure-rate-threshold", c.getFailureRateThreshold());
        Double slowCallRate = check.percent("circuit-breaker.slow-call-rate-threshold", c.getSlowCallRateThreshold());
        Duration slowCallDuration =
                check.positive("circuit-breaker.slow-call-duration-threshold", c.getSlowCallDurationThreshold());
        SlidingWindowType windowType = Checks.filled("circuit-breaker.sliding-window-type", c.getSlidingWindowType());
        int windowSize = Checks.filled(
                "circuit-breaker.sliding-window-size",
                check.atLeastOne("circuit-breaker.sliding-window-size", c.getSlidingWindowSize()));
        int minimumCalls = Checks.filled(
                "circuit-breaker.minimum-number-of-calls",
                check.atLeastOne("circuit-breaker.minimum-number-of-calls", c.getMinimumNumberOfCalls()));
        Duration recoveryTimeout = Checks.filled(
                "circuit-breaker.recovery-timeout",
                check.positive("circuit-breaker.recovery-timeout", c.getRecoveryTimeout()));
        int halfOpenRequests = halfOpenRequests(c, check);
        int successThreshold = Checks.filled(
                "circuit-breaker.success-threshold",
                check.atLeastOne("circuit-breaker.success-threshold", c.getSuccessThreshold()));
        List<Class<? extends Throwable>> recordOn = check.classes("circuit-breaker.record-on", c.getRecordOn());
        List<Class<? extends Throwable>> ignoreOn = check.classes("circuit-breaker.ignore-on", c.getIgnoreOn());
        if (failureThreshold == null && failureRate == null && slowCallRate == null) {
            return ConfigPart.NONE;
        }
        return (pipeline, target) -> {
            CircuitBreakerConfig.Builder b = CircuitBreakerConfig.builder()
                    .failureThreshold(failureThreshold != null ? failureThreshold : 0)
                    .slidingWindow(windowType, windowSize)
                    .minimumNumberOfCalls(minimumCalls)
                    .recoveryTimeout(recoveryTimeout)
                    .halfOpenRequests(halfOpenRequests)
                    .successThreshold(successThreshold);
            if (failureRate != null) {
                b.failureRateThreshold(failureRate);
            }
            if (slowCallRate != null) {
                b.slowCallRateThreshold(slowCallRate);
            }
            if (slowCallDuration != null) {
                b.slowCallDurationThreshold(slowCallDuration);
            }
            if (!recordOn.isEmpty()) {
                b.recordOn(recordOn);
            }
            b.ignoreOn(ignoreOn);
            pipeline.circuitBreaker(b.build());
        };
    }

    /** {@code half-open-requests}, or when it is not set {@code success-threshold} (at least 1). */
    private static int halfOpenRequests(CircuitBreakerProperties c, Checks check) {
        Integer halfOpen = check.atLeastOne("circuit-breaker.half-open-requests", c.getHalfOpenRequests());
        if (halfOpen != null) {
            return halfOpen;
        }
        Integer success = check.atLeastOne("circuit-breaker.success-threshold", c.getSuccessThreshold());
        return success != null ? success : 1;
    }
}
