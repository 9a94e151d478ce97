package dev.resilient.spring.actuate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resilient.ResilienceRuntime;
import dev.resilient.circuitbreaker.CircuitBreakerConfig;
import dev.resilient.pipeline.PipelineConfig;
import dev.resilient.pipeline.ResilienceRegistry;
import dev.resilient.time.ManualTime;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

class ResilienceHealthIndicatorTest {

    private final ResilienceRegistry registry = new ResilienceRegistry(ResilienceRuntime.manual(new ManualTime()));

    private void breakers() {
        PipelineConfig config = PipelineConfig.builder()
                .circuitBreaker(CircuitBreakerConfig.ofDefaults())
                .build();
        registry.pipeline("a", config);
        registry.pipeline("b", config);
        registry.pipeline("c", config);
        registry.pipeline("none", PipelineConfig.empty());
    }

    @Test
    void upWithCountsWhenAllClosed() {
        breakers();
        Health health = new ResilienceHealthIndicator(registry, true).health();
        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(health.getDetails())
                .containsEntry("circuitBreakers", 3)
                .containsEntry("openCircuits", Map.of())
                .containsEntry("halfOpenCircuits", Set.of());
    }

    @Test
    @SuppressWarnings("unchecked")
    void openCircuitsAreListedAndUpByDefault() {
        breakers();
        registry.find("a").get().circuitBreaker().get().forceOpen();
        registry.find("b").get().circuitBreaker().get().transitionToOpen();

        Health health = new ResilienceHealthIndicator(registry, false).health();
        assertThat(health.getStatus()).isEqualTo(Status.UP);
        Map<String, Object> open = (Map<String, Object>) health.getDetails().get("openCircuits");
        assertThat(open).containsOnlyKeys("a", "b");
        assertThat(open.get("a")).isEqualTo(Map.of("state", "FORCED_OPEN", "remainingOpenMs", -1L));
        assertThat((Map<String, Object>) open.get("b")).containsEntry("state", "OPEN");
    }

    @Test
    void downWhenConfiguredAndACircuitIsOpen() {
        breakers();
        registry.find("c").get().circuitBreaker().get().transitionToOpen();
        assertThat(new ResilienceHealthIndicator(registry, true).health().getStatus())
                .isEqualTo(Status.DOWN);
    }

    @Test
    void halfOpenIsReportedButNotDown() {
        breakers();
        registry.find("c").get().circuitBreaker().get().forceOpen();
        registry.find("c").get().circuitBreaker().get().transitionToClosed();
        assertThat(new ResilienceHealthIndicator(registry, true).health().getStatus())
                .isEqualTo(Status.UP);
    }
}
