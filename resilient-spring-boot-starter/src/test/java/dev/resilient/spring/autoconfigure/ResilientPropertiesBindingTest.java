package dev.resilient.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resilient.circuitbreaker.SlidingWindowType;
import dev.resilient.ratelimiter.RateLimitStrategy;
import dev.resilient.retry.Backoff;
import dev.resilient.retry.Jitter;
import dev.resilient.spring.properties.AlertProperties;
import dev.resilient.spring.properties.CircuitBreakerProperties;
import dev.resilient.spring.properties.LoggingProperties;
import dev.resilient.spring.properties.ProfileProperties;
import dev.resilient.spring.properties.ResilientProperties;
import dev.resilient.spring.properties.RetryProperties;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class ResilientPropertiesBindingTest {

    private final ApplicationContextRunner runner =
            new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(ResilientAutoConfiguration.class));

    @Test
    void unsetValuesStayNull() {
        this.runner.run(context -> {
            ResilientProperties properties = context.getBean(ResilientProperties.class);
            assertThat(properties.getEnabled()).isNull();
            assertThat(properties.getProfiles()).isEmpty();
            ProfileProperties defaults = properties.getDefaults();
            assertThat(defaults.getRetry().getMaxAttempts()).isNull();
            assertThat(defaults.getRetry().getBackoff()).isNull();
            assertThat(defaults.getRetry().getRetryOn()).isNull();
            assertThat(defaults.getCircuitBreaker().getRecoveryTimeout()).isNull();
            assertThat(defaults.getTimeout()).isNull();
            assertThat(defaults.getLogging().getEnabled()).isNull();
        });
    }

    @Test
    void bindsRetryAndCircuitBreaker() {
        String p = "resilient.profiles.payments.";
        this.runner
                .withPropertyValues(
                        "resilient.defaults.retry.max-attempts=5",
                        p + "retry.max-attempts=4",
                        p + "retry.delay=200ms",
                        p + "retry.max-delay=5s",
                        p + "retry.backoff=exponential",
                        p + "retry.multiplier=2.5",
                        p + "retry.jitter=decorrelated",
                        p + "retry.jitter-ratio=0.2",
                        p + "retry.retry-on=java.io.IOException,java.util.concurrent.TimeoutException",
                        p + "retry.abort-on[0]=java.lang.IllegalArgumentException",
                        p + "retry.retry-on-status=429,503",
                        p + "retry.honour-retry-after=false",
                        p + "retry.max-retry-after=20s",
                        p + "retry.budget.max-tokens=10",
                        p + "retry.budget.token-ratio=0.2",
                        p + "circuit-breaker.failure-threshold=5",
                        p + "circuit-breaker.failure-rate-threshold=50",
                        p + "circuit-breaker.slow-call-rate-threshold=80",
                        p + "circuit-breaker.slow-call-duration-threshold=2s",
                        p + "circuit-breaker.sliding-window-type=time-based",
                        p + "circuit-breaker.sliding-window-size=20",
                        p + "circuit-breaker.minimum-number-of-calls=7",
                        p + "circuit-breaker.recovery-timeout=30s",
                        p + "circuit-breaker.half-open-requests=3",
                        p + "circuit-breaker.success-threshold=2",
                        p + "circuit-breaker.record-on=java.io.IOException",
                        p + "circuit-breaker.ignore-on=java.lang.IllegalStateException")
                .run(context -> {
                    ResilientProperties properties = context.getBean(ResilientProperties.class);
                    assertThat(properties.getDefaults().getRetry().getMaxAttempts())
                            .isEqualTo(5);
                    ProfileProperties payments = properties.getProfiles().get("payments");
                    RetryProperties retry = payments.getRetry();
                    assertThat(retry.getMaxAttempts()).isEqualTo(4);
                    assertThat(retry.getDelay()).isEqualTo(Duration.ofMillis(200));
                    assertThat(retry.getMaxDelay()).isEqualTo(Duration.ofSeconds(5));
                    assertThat(retry.getBackoff()).isEqualTo(Backoff.exponential());
                    assertThat(retry.getMultiplier()).isEqualTo(2.5);
                    assertThat(retry.getJitter()).isEqualTo(Jitter.decorrelated());
                    assertThat(retry.getJitterRatio()).isEqualTo(0.2);
                    assertThat(retry.getRetryOn())
                            .containsExactly("java.io.IOException", "java.util.concurrent.TimeoutException");
                    assertThat(retry.getAbortOn()).containsExactly("java.lang.IllegalArgumentException");
                    assertThat(retry.getRetryOnStatus()).containsExactly(429, 503);
                    assertThat(retry.getHonourRetryAfter()).isFalse();
                    assertThat(retry.getMaxRetryAfter()).isEqualTo(Duration.ofSeconds(20));
                    assertThat(retry.getBudget().getMaxTokens()).isEqualTo(10);
                    assertThat(retry.getBudget().getTokenRatio()).isEqualTo(0.2);
                    CircuitBreakerProperties cb = payments.getCircuitBreaker();
                    assertThat(cb.getFailureThreshold()).isEqualTo(5);
                    assertThat(cb.getFailureRateThreshold()).isEqualTo(50.0);
                    assertThat(cb.getSlowCallRateThreshold()).isEqualTo(80.0);
                    assertThat(cb.getSlowCallDurationThreshold()).isEqualTo(Duration.ofSeconds(2));
                    assertThat(cb.getSlidingWindowType()).isEqualTo(SlidingWindowType.TIME_BASED);
                    assertThat(cb.getSlidingWindowSize()).isEqualTo(20);
                    assertThat(cb.getMinimumNumberOfCalls()).isEqualTo(7);
                    assertThat(cb.getRecoveryTimeout()).isEqualTo(Duration.ofSeconds(30));
                    assertThat(cb.getHalfOpenRequests()).isEqualTo(3);
                    assertThat(cb.getSuccessThreshold()).isEqualTo(2);
                    assertThat(cb.getRecordOn()).containsExactly("java.io.IOException");
                    assertThat(cb.getIgnoreOn()).containsExactly("java.lang.IllegalStateException");
                });
    }

    @Test
    void bindsTheOtherGroups() {
        String p = "resilient.profiles.payments.";
        this.runner
                .withPropertyValues(
                        "resilient.enabled=true",
                        p + "rate-limit.limit=100",
                        p + "rate-limit.period=1m",
                        p + "rate-limit.strategy=sliding-window",
                        p + "rate-limit.max-wait=0",
                        p + "bulkhead.max-concurrent=20",
                        p + "bulkhead.max-wait=50ms",
                        p + "timeout=2s",
                        p + "total-timeout=10s",
                        p + "slow-threshold=1s",
                        p + "fallback.suppress=java.io.IOException",
                        p + "fallback.reraise=true",
                        p + "fallback.handles=java.lang.RuntimeException",
                        p + "failure-cache.ttl=5m",
                        p + "failure-cache.key=#p0",
                        p + "failure-cache.max-keys=50",
                        p + "alert.threshold=3",
                        p + "alert.window=2m",
                        p + "alert.cooldown=5m",
                        p + "alert.webhook-url=https://hooks.example.com/a",
                        p + "alert.webhook-timeout=3s",
                        p + "alert.escalation[0].after-errors=10",
                        p + "alert.escalation[0].webhook-url=https://hooks.example.com/b",
                        p + "aggregate.window=5s",
                        p + "aggregate.limit=10",
                        p + "aggregate.max-groups=7",
                        p + "logging.enabled=true",
                        p + "logging.level=warn",
                        p + "logging.log-success=false",
                        p + "logging.log-args=true",
                        p + "logging.log-result=true",
                        p + "logging.redact=password,token",
                        p + "logging.include-stack-trace=false",
                        p + "stack-trace.max-depth=12",
                        p + "stack-trace.hide-frames=true",
                        p + "stack-trace.show-source=true",
                        p + "stack-trace.show-arguments=true",
                        p + "metrics.enabled=true",
                        p + "metrics.name=payments.charge",
                        p + "metrics.tags.team=billing",
                        p + "metrics.track-error-types=true",
                        p + "when=@featureFlags.resilienceOn()",
                        p + "active-in=prod,staging",
                        p + "ignore-when=java.lang.IllegalArgumentException")
                .run(context -> {
                    ResilientProperties properties = context.getBean(ResilientProperties.class);
                    assertThat(properties.getEnabled()).isTrue();
                    ProfileProperties payments = properties.getProfiles().get("payments");
                    assertThat(payments.getRateLimit().getLimit()).isEqualTo(100);
                    assertThat(payments.getRateLimit().getPeriod()).isEqualTo(Duration.ofMinutes(1));
                    assertThat(payments.getRateLimit().getStrategy()).isEqualTo(RateLimitStrategy.SLIDING_WINDOW);
                    assertThat(payments.getRateLimit().getMaxWait()).isEqualTo(Duration.ZERO);
                    assertThat(payments.getBulkhead().getMaxConcurrent()).isEqualTo(20);
                    assertThat(payments.getBulkhead().getMaxWait()).isEqualTo(Duration.ofMillis(50));
                    assertThat(payments.getTimeout()).isEqualTo(Duration.ofSeconds(2));
                    assertThat(payments.getTotalTimeout()).isEqualTo(Duration.ofSeconds(10));
                    assertThat(payments.getSlowThreshold()).isEqualTo(Duration.ofSeconds(1));
                    assertThat(payments.getFallback().getSuppress()).containsExactly("java.io.IOException");
                    assertThat(payments.getFallback().getReraise()).isTrue();
                    assertThat(payments.getFallback().getHandles()).containsExactly("java.lang.RuntimeException");
                    assertThat(payments.getFailureCache().getTtl()).isEqualTo(Duration.ofMinutes(5));
                    assertThat(payments.getFailureCache().getKey()).isEqualTo("#p0");
                    assertThat(payments.getFailureCache().getMaxKeys()).isEqualTo(50);
                    AlertProperties alert = payments.getAlert();
                    assertThat(alert.getThreshold()).isEqualTo(3);
                    assertThat(alert.getWindow()).isEqualTo(Duration.ofMinutes(2));
                    assertThat(alert.getCooldown()).isEqualTo(Duration.ofMinutes(5));
                    assertThat(alert.getWebhookUrl()).isEqualTo("https://hooks.example.com/a");
                    assertThat(alert.getWebhookTimeout()).isEqualTo(Duration.ofSeconds(3));
                    assertThat(alert.getEscalation()).singleElement().satisfies(e -> {
                        assertThat(e.getAfterErrors()).isEqualTo(10);
                        assertThat(e.getWebhookUrl()).isEqualTo("https://hooks.example.com/b");
                    });
                    assertThat(payments.getAggregate().getWindow()).isEqualTo(Duration.ofSeconds(5));
                    assertThat(payments.getAggregate().getLimit()).isEqualTo(10);
                    assertThat(payments.getAggregate().getMaxGroups()).isEqualTo(7);
                    LoggingProperties logging = payments.getLogging();
                    assertThat(logging.getEnabled()).isTrue();
                    assertThat(logging.getLevel()).isEqualTo(LogLevel.WARN);
                    assertThat(logging.getLogSuccess()).isFalse();
                    assertThat(logging.getLogArgs()).isTrue();
                    assertThat(logging.getLogResult()).isTrue();
                    assertThat(logging.getRedact()).containsExactly("password", "token");
                    assertThat(logging.getIncludeStackTrace()).isFalse();
                    assertThat(payments.getStackTrace().getMaxDepth()).isEqualTo(12);
                    assertThat(payments.getStackTrace().getHideFrames()).isTrue();
                    assertThat(payments.getStackTrace().getShowSource()).isTrue();
                    assertThat(payments.getStackTrace().getShowArguments()).isTrue();
                    assertThat(payments.getMetrics().getEnabled()).isTrue();
                    assertThat(payments.getMetrics().getName()).isEqualTo("payments.charge");
                    assertThat(payments.getMetrics().getTags()).isEqualTo(Map.of("team", "billing"));
                    assertThat(payments.getMetrics().getTrackErrorTypes()).isTrue();
                    assertThat(payments.getWhen()).isEqualTo("@featureFlags.resilienceOn()");
                    assertThat(payments.getActiveIn()).isEqualTo(List.of("prod", "staging"));
                    assertThat(payments.getIgnoreWhen()).containsExactly("java.lang.IllegalArgumentException");
                });
    }

    @Test
    void anUnknownEnumValueFailsBindingNamingTheProperty() {
        this.runner
                .withPropertyValues("resilient.profiles.payments.retry.backoff=exponentail")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("exponentail");
                    assertThat(context.getStartupFailure())
                            .hasStackTraceContaining("resilient.profiles.payments.retry.backoff");
                });
    }

    @Test
    void aMalformedDurationFailsBindingNamingTheProperty() {
        this.runner
                .withPropertyValues("resilient.profiles.payments.retry.delay=soon")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure())
                            .hasStackTraceContaining("resilient.profiles.payments.retry.delay");
                });
    }
}
