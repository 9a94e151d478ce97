package dev.resilient.spring.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resilient.observation.alert.LogAlertSink;
import dev.resilient.observation.alert.WebhookAlertSink;
import dev.resilient.pipeline.PipelineConfig;
import dev.resilient.ratelimiter.RateLimitStrategy;
import dev.resilient.retry.RetryConfig;
import dev.resilient.spring.http.HttpStatusException;
import dev.resilient.spring.properties.ProfileProperties;
import dev.resilient.spring.properties.ResilientProperties;
import dev.resilient.time.ManualTime;
import java.lang.reflect.Method;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.web.client.HttpServerErrorException;

/** The mapping of merged profiles onto core pipeline configurations. */
class PipelineConfigFactoryTest {

    private final ResilientProperties properties = new ResilientProperties();
    private final ManualTime time = new ManualTime();

    private PipelineConfig create(ProfileProperties profile, Method method) {
        this.properties.getProfiles().put("p", profile);
        ProfileMerger merger = new ProfileMerger(
                this.properties, new MockEnvironment(), getClass().getClassLoader());
        PipelineConfigFactory factory =
                new PipelineConfigFactory(null, this.time, List.of(), null, null, null, null, null, List.of(), null);
        return factory.create(merger.merge(List.of("p")), "p", method);
    }

    @Test
    void everyGroupIsMapped() throws Exception {
        ProfileProperties p = new ProfileProperties();
        p.getRetry().setMaxAttempts(4);
        p.getRetry().setDelay(Duration.ofMillis(50));
        p.getRetry().setRetryOn(List.of("java.io.IOException"));
        p.getRetry().getBudget().setMaxTokens(20);
        p.getCircuitBreaker().setFailureRateThreshold(50.0);
        p.getRateLimit().setLimit(7);
        p.getRateLimit().setStrategy(RateLimitStrategy.SLIDING_WINDOW);
        p.getBulkhead().setMaxConcurrent(3);
        p.setTimeout(Duration.ofSeconds(2));
        p.setSlowThreshold(Duration.ofSeconds(1));
        p.getFailureCache().setTtl(Duration.ofMinutes(1));
        p.getAlert().setThreshold(3);
        p.getAlert().setWebhookUrl("https://hooks.example.com/x");
        p.getAggregate().setWindow(Duration.ofSeconds(5));
        p.getAggregate().setLimit(10);
        p.getLogging().setLogArgs(true);
        p.setWhen("#p0 != null");
        p.setIgnoreWhen(List.of("java.lang.IllegalArgumentException"));

        PipelineConfig config = create(p, Target.class.getMethod("charge", String.class, String.class));

        RetryConfig retry = config.retry().orElseThrow();
        assertThat(retry.maxAttempts()).isEqualTo(4);
        assertThat(retry.baseDelay()).isEqualTo(Duration.ofMillis(50));
        assertThat(retry.retryOn()).containsExactly(java.io.IOException.class);
        assertThat(retry.budget().maxTokens()).isEqualTo(20);
        assertThat(config.circuitBreaker().orElseThrow().failureRateThreshold()).isEqualTo(50.0);
        assertThat(config.circuitBreaker().orElseThrow().failureThreshold()).isZero();
        assertThat(config.rateLimiter().orElseThrow().limit()).isEqualTo(7);
        assertThat(config.rateLimiter().orElseThrow().strategy()).isEqualTo(RateLimitStrategy.SLIDING_WINDOW);
        assertThat(config.bulkhead().orElseThrow().maxConcurrent()).isEqualTo(3);
        assertThat(config.timeout().orElseThrow().timeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(config.observation().orElseThrow().slowThreshold()).isEqualTo(Duration.ofSeconds(1));
        assertThat(config.failureCache().orElseThrow().ttl()).isEqualTo(Duration.ofMinutes(1));
        assertThat(config.alert().orElseThrow().threshold()).isEqualTo(3);
        assertThat(config.alert().orElseThrow().sinks())
                .hasExactlyElementsOfTypes(LogAlertSink.class, WebhookAlertSink.class);
        assertThat(config.aggregation().orElseThrow().errorLimit()).isEqualTo(10);
        assertThat(config.logging().orElseThrow().parameterNames()).containsExactly("orderId", "password");
        assertThat(config.logging().orElseThrow().logArgs()).isTrue();
        assertThat(config.condition().orElseThrow().conditions().get(0).test(new Object[] {"x", "y"}))
                .isTrue();
        assertThat(config.condition().orElseThrow().conditions().get(0).test(new Object[] {null, "y"}))
                .isFalse();
        assertThat(config.condition().orElseThrow().ignoreWhen().test(new IllegalArgumentException()))
                .isTrue();
    }

    @Test
    void stepsThatAreNotConfiguredAreAbsent() {
        ProfileProperties p = new ProfileProperties();
        p.getRetry().setMaxAttempts(1);
        PipelineConfig config = create(p, null);
        assertThat(config.retry()).isEmpty();
        assertThat(config.circuitBreaker()).isEmpty();
        assertThat(config.rateLimiter()).isEmpty();
        assertThat(config.bulkhead()).isEmpty();
        assertThat(config.timeout()).isEmpty();
        assertThat(config.failureCache()).isEmpty();
        assertThat(config.alert()).isEmpty();
        assertThat(config.aggregation()).isEmpty();
        assertThat(config.condition()).isEmpty();
        assertThat(config.fallback()).isEmpty();
    }

    @Test
    void retryOnStatusAndRetryAfterReadSpringHttpTypes() {
        ProfileProperties p = new ProfileProperties();
        p.getRetry().setRetryOnStatus(List.of(503, 429));
        p.getRetry().setMaxRetryAfter(Duration.ofSeconds(30));
        RetryConfig retry = create(p, null).retry().orElseThrow();

        assertThat(retry.isRetryableResult(ResponseEntity.status(503).build())).isTrue();
        assertThat(retry.isRetryableResult(ResponseEntity.status(404).build())).isFalse();
        assertThat(retry.isRetryableResult("not a response")).isFalse();
        HttpHeaders headers = new HttpHeaders();
        headers.set(HttpHeaders.RETRY_AFTER, "7");
        HttpServerErrorException unavailable = HttpServerErrorException.create(
                HttpStatus.SERVICE_UNAVAILABLE, "unavailable", headers, new byte[0], null);
        assertThat(retry.isRetryable(unavailable)).isTrue();
        assertThat(retry.isRetryable(HttpServerErrorException.create(
                        HttpStatus.INTERNAL_SERVER_ERROR, "boom", new HttpHeaders(), new byte[0], null)))
                .isFalse();
        assertThat(retry.isRetryable(new IllegalStateException())).isTrue();
        assertThat(retry.retryAfterNanos(unavailable, null))
                .isEqualTo(Duration.ofSeconds(7).toNanos());
        assertThat(retry.isRetryable(new HttpStatusException(429, "GET", URI.create("http://x/y"), null)))
                .isTrue();
        assertThat(retry.isRetryable(new HttpStatusException(501, "GET", URI.create("http://x/y"), null)))
                .isFalse();
    }

    @Test
    void failureCacheKeyUsesParameterNames() throws Exception {
        ProfileProperties p = new ProfileProperties();
        p.getFailureCache().setTtl(Duration.ofMinutes(1));
        p.getFailureCache().setKey("#orderId + ':' + #p1.length()");
        PipelineConfig config = create(p, Target.class.getMethod("charge", String.class, String.class));
        assertThat(config.failureCache().orElseThrow().keyFunction().apply(new Object[] {"o-1", "secret"}))
                .isEqualTo("o-1:6");
    }

    static class Target {

        public String charge(String orderId, String password) {
            return orderId;
        }
    }
}
