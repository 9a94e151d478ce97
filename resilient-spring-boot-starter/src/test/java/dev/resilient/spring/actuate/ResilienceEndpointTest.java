package dev.resilient.spring.actuate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.resilient.ResilienceRuntime;
import dev.resilient.bulkhead.BulkheadConfig;
import dev.resilient.circuitbreaker.CircuitBreakerConfig;
import dev.resilient.circuitbreaker.CircuitState;
import dev.resilient.event.EventType;
import dev.resilient.event.RecentEvents;
import dev.resilient.pipeline.PipelineConfig;
import dev.resilient.pipeline.ResiliencePipeline;
import dev.resilient.pipeline.ResilienceRegistry;
import dev.resilient.ratelimiter.RateLimiterConfig;
import dev.resilient.retry.RetryConfig;
import dev.resilient.time.ManualTime;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;

class ResilienceEndpointTest {

    private final ManualTime time = new ManualTime();
    private final ResilienceRegistry registry = new ResilienceRegistry(ResilienceRuntime.manual(time));
    private final RecentEvents events = new RecentEvents();
    private ResilienceEndpoint endpoint;
    private ResiliencePipeline payments;

    @BeforeEach
    void setUp() {
        registry.runtime().events().addListener(events);
        InstanceMetadata metadata = new InstanceMetadata() {
            @Override
            public Optional<String> profile(String instance) {
                return instance.equals("payments") ? Optional.of("http") : Optional.empty();
            }
        };
        endpoint = new ResilienceEndpoint(registry, events, metadata);
        payments = registry.pipeline(
                "payments",
                PipelineConfig.builder()
                        .retry(RetryConfig.builder()
                                .maxAttempts(2)
                                .baseDelay(Duration.ofMillis(100))
                                .build())
                        .circuitBreaker(CircuitBreakerConfig.builder()
                                .failureThreshold(2)
                                .recoveryTimeout(Duration.ofSeconds(10))
                                .build())
                        .rateLimiter(RateLimiterConfig.builder()
                                .limit(10)
                                .period(Duration.ofSeconds(1))
                                .build())
                        .bulkhead(BulkheadConfig.builder().maxConcurrent(4).build())
                        .build());
        registry.pipeline("plain", PipelineConfig.empty());
    }

    private static String fail(String secretArgument) throws IOException {
        throw new IOException("secret message about " + secretArgument);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    @Test
    void listsEveryInstanceWithTheBlocksOfItsSteps() throws Exception {
        payments.execute(() -> "ok");
        Map<String, Object> instances = map(endpoint.instances().get("instances"));

        assertThat(instances).containsOnlyKeys("payments", "plain");
        Map<String, Object> payment = map(instances.get("payments"));
        assertThat(payment)
                .containsOnlyKeys("profile", "circuitBreaker", "rateLimiter", "bulkhead", "retry", "metrics");
        assertThat(payment.get("profile")).isEqualTo("http");
        assertThat(map(payment.get("circuitBreaker")))
                .containsEntry("state", "CLOSED")
                .containsEntry("failureRate", 0.0)
                .containsEntry("bufferedCalls", 1L)
                .containsEntry("failedCalls", 0L)
                .containsEntry("notPermittedCalls", 0L)
                .containsEntry("remainingOpenMs", 0L)
                .containsKeys("slowCallRate", "successfulCalls", "consecutiveFailures", "stateTransitions");
        assertThat(map(payment.get("rateLimiter")))
                .containsEntry("availablePermits", 9)
                .containsEntry("limit", 10)
                .containsEntry("period", "PT1S")
                .containsKeys("strategy", "grantedPermits", "rejectedRequests");
        assertThat(map(payment.get("bulkhead")))
                .containsEntry("availableConcurrentCalls", 4)
                .containsEntry("maxConcurrent", 4)
                .containsEntry("activeCalls", 0);
        assertThat(map(payment.get("retry"))).containsEntry("maxAttempts", 2);
        assertThat(map(payment.get("metrics")))
                .containsEntry("calls", 1L)
                .containsEntry("successes", 1L)
                .containsEntry("failures", 0L)
                .containsEntry("retries", 0L)
                .containsEntry("rejections", 0L)
                .containsEntry("fallbacks", 0L)
                .containsEntry("successRate", 1.0);

        assertThat(map(instances.get("plain"))).containsOnlyKeys("metrics");
    }

    @Test
    @SuppressWarnings("unchecked")
    void oneInstanceAddsConfigurationAndEventsWithoutArgumentsOrMessages() {
        assertThatThrownBy(() -> payments.execute(() -> fail("4111-1111"), new Object[] {"4111-1111"}))
                .isInstanceOf(Exception.class);

        Map<String, Object> body = endpoint.instance("payments");
        assertThat(body.get("name")).isEqualTo("payments");
        assertThat(map(body.get("circuitBreaker")).get("state")).isEqualTo("OPEN");
        assertThat(map(body.get("circuitBreaker")).get("remainingOpenMs")).isEqualTo(10_000L);
        assertThat(map(body.get("metrics"))).containsEntry("failures", 1L).containsEntry("retries", 1L);
        assertThat(map(body.get("configuration"))).containsKeys("retry", "circuitBreaker", "rateLimiter", "bulkhead");

        List<Map<String, Object>> recent = (List<Map<String, Object>>) body.get("events");
        assertThat(recent)
                .extracting(e -> e.get("type"))
                .containsExactly("ATTEMPT", "RETRY", "ATTEMPT", "STATE_CHANGE", "RETRIES_EXHAUSTED", "FAILURE");
        Map<String, Object> retry = recent.get(1);
        assertThat(retry)
                .containsEntry("source", "retry")
                .containsEntry("attempt", 1)
                .containsEntry("exception", "java.io.IOException")
                .containsEntry("delayMs", 100L);
        assertThat(Instant.parse((String) retry.get("time"))).isNotNull();
        assertThat(recent.get(3)).containsEntry("detail", "CLOSED->OPEN");
        assertThat(body.toString()).doesNotContain("4111").doesNotContain("secret");
    }

    @Test
    void eventDetailsAreScrubbedAndRedacted() {
        registry.runtime()
                .events()
                .publish(dev.resilient.event.ResilienceEvent.builder(EventType.FALLBACK, "payments", 0)
                        .source("fallback")
                        .detail("fell back after GET https://bob:S3CR3T-url@api.example.com?token=S3CR3T-token")
                        .build());
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> recent =
                (List<Map<String, Object>>) endpoint.instance("payments").get("events");
        assertThat(recent.get(recent.size() - 1))
                .containsEntry("detail", "fell back after GET https://***@api.example.com?token=***");
    }

    @Test
    void unknownInstanceIsNull() {
        assertThat(endpoint.instance("nope")).isNull();
        assertThat(endpoint.apply("nope", "reset")).isNull();
    }

    @Test
    void actionsChangeTheBreakerAndResetClearsTheCounters() throws Exception {
        payments.execute(() -> "ok");
        assertThat(endpoint.apply("payments", "open")).containsEntry("state", "FORCED_OPEN");
        assertThat(payments.circuitBreaker().get().state()).isEqualTo(CircuitState.FORCED_OPEN);
        assertThat(map(endpoint.instance("payments").get("circuitBreaker")).get("remainingOpenMs"))
                .isEqualTo(-1L);

        assertThat(endpoint.apply("payments", "close")).containsEntry("state", "CLOSED");
        assertThat(endpoint.apply("payments", "DISABLE"))
                .containsEntry("state", "DISABLED")
                .containsEntry("action", "disable");
        assertThat(payments.stats().calls()).isEqualTo(1);

        assertThat(endpoint.apply("payments", "reset"))
                .containsEntry("state", "CLOSED")
                .containsEntry("name", "payments");
        assertThat(payments.stats().calls()).isZero();
        assertThat(payments.circuitBreaker().get().stats().total()).isZero();
    }

    @Test
    void badActionOrMissingBreakerIsABadRequestNamingTheValidActions() {
        assertThatThrownBy(() -> endpoint.apply("payments", "explode"))
                .isInstanceOf(InvalidEndpointRequestException.class)
                .hasMessage("Unknown action 'explode'; valid actions are reset, open, close, disable");
        assertThatThrownBy(() -> endpoint.apply("plain", "reset"))
                .isInstanceOf(InvalidEndpointRequestException.class)
                .hasMessage("Instance 'plain' has no circuit breaker to reset");
    }

    @Test
    void worksWithoutRecentEventsOrMetadata() {
        ResilienceEndpoint bare = new ResilienceEndpoint(registry, null, null);
        assertThat(bare.instance("payments")).containsEntry("events", List.of()).doesNotContainKey("profile");
    }
}
