package dev.resilient;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resilient.circuitbreaker.CircuitBreakerConfig;
import dev.resilient.pipeline.PipelineConfig;
import dev.resilient.pipeline.ResiliencePipeline;
import dev.resilient.pipeline.ResilienceRegistry;
import dev.resilient.time.ManualTime;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class RegistryRemovalTest {

    private static final PipelineConfig CONFIG = PipelineConfig.builder()
            .circuitBreaker(CircuitBreakerConfig.builder().failureThreshold(1).build())
            .build();

    @Test
    void aRemovedInstanceIsForgottenListenersHearOfItAndItsNameBuildsAFreshOne() {
        try (ResilienceRegistry registry = new ResilienceRegistry(ResilienceRuntime.manual(new ManualTime()))) {
            List<String> removed = new CopyOnWriteArrayList<>();
            registry.addRemovalListener(pipeline -> removed.add(pipeline.name()));
            ResiliencePipeline first = registry.pipeline("host-a", CONFIG);
            first.circuitBreaker().orElseThrow().transitionToOpen();
            registry.pipeline("host-b", CONFIG);

            assertThat(registry.remove("host-a")).containsSame(first);

            assertThat(removed).containsExactly("host-a");
            assertThat(registry.find("host-a")).isEmpty();
            assertThat(registry.pipelines())
                    .extracting(ResiliencePipeline::name)
                    .containsExactly("host-b");
            ResiliencePipeline fresh = registry.pipeline("host-a", CONFIG);
            assertThat(fresh).isNotSameAs(first);
            assertThat(fresh.circuitBreaker().orElseThrow().state().name()).isEqualTo("CLOSED");
        }
    }

    @Test
    void removingAnUnknownNameDoesNothing() {
        try (ResilienceRegistry registry = new ResilienceRegistry(ResilienceRuntime.manual(new ManualTime()))) {
            List<String> removed = new CopyOnWriteArrayList<>();
            registry.addRemovalListener(pipeline -> removed.add(pipeline.name()));
            assertThat(registry.remove("nope")).isEmpty();
            assertThat(registry.remove(null)).isEmpty();
            assertThat(removed).isEmpty();
        }
    }
}
