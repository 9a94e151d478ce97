package dev.resilient.spring.actuate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resilient.ResilienceRuntime;
import dev.resilient.circuitbreaker.CircuitBreakerConfig;
import dev.resilient.event.RecentEvents;
import dev.resilient.pipeline.PipelineConfig;
import dev.resilient.pipeline.ResiliencePipeline;
import dev.resilient.pipeline.ResilienceRegistry;
import dev.resilient.spring.metrics.ResilientMetrics;
import dev.resilient.spring.metrics.ResilientMetricsAutoConfiguration;
import dev.resilient.time.ManualTime;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

class ResilientAutoConfigurationsTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    MetricsAutoConfiguration.class,
                    SimpleMetricsExportAutoConfiguration.class,
                    CompositeMeterRegistryAutoConfiguration.class,
                    EndpointAutoConfiguration.class,
                    ResilientMetricsAutoConfiguration.class,
                    ResilientActuatorAutoConfiguration.class))
            .withPropertyValues("management.endpoints.web.exposure.include=resilience");

    @Configuration(proxyBeanMethods = false)
    static class RegistryConfig {
        @Bean
        ResilienceRegistry resilienceRegistry() {
            return new ResilienceRegistry(ResilienceRuntime.manual(new ManualTime()));
        }
    }

    /** Builds its pipeline while the context starts, like the advisor of an annotated bean. */
    @Configuration(proxyBeanMethods = false)
    static class ClientConfig {
        @Bean
        ResiliencePipeline paymentsPipeline(ResilienceRegistry registry) {
            return registry.pipeline(
                    "payments",
                    PipelineConfig.builder()
                            .circuitBreaker(CircuitBreakerConfig.ofDefaults())
                            .build());
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class MetadataConfig {
        @Bean
        InstanceMetadata customMetadata() {
            return new InstanceMetadata() {
                @Override
                public Optional<String> profile(String instance) {
                    return Optional.of("custom");
                }
            };
        }
    }

    @Test
    void everythingWithMicrometerAndActuator() {
        runner.withUserConfiguration(RegistryConfig.class, ClientConfig.class).run(context -> {
            assertThat(context)
                    .hasNotFailed()
                    .hasSingleBean(ResilientMetrics.class)
                    .hasSingleBean(RecentEvents.class)
                    .hasSingleBean(ResilienceEndpoint.class)
                    .hasSingleBean(ResilienceEndpointWebExtension.class)
                    .hasSingleBean(InstanceMetadata.class)
                    .hasBean("resilienceHealthIndicator");
            ResilienceRegistry registry = context.getBean(ResilienceRegistry.class);
            assertThat(registry.runtime().events().listeners())
                    .containsOnlyOnce(context.getBean(ResilientMetrics.class), context.getBean(RecentEvents.class));

            // the pipeline built during start-up observes calls: meters bound by Boot, events recorded
            context.getBean(ResiliencePipeline.class).execute(() -> "ok");
            MeterRegistry meters = context.getBean(MeterRegistry.class);
            assertThat(meters.get("resilient.calls")
                            .tags("name", "payments", "outcome", "success")
                            .timer()
                            .count())
                    .isEqualTo(1);
            assertThat(meters.get("resilient.circuit.state")
                            .tags("name", "payments", "state", "closed")
                            .gauge()
                            .value())
                    .isEqualTo(1);
            assertThat(context.getBean(RecentEvents.class).recent("payments")).isNotEmpty();
        });
    }

    @Test
    void withoutMicrometerOnlyTheActuatorParts() {
        runner.withClassLoader(new FilteredClassLoader("io.micrometer.core"))
                .withUserConfiguration(RegistryConfig.class)
                .run(context -> {
                    assertThat(context)
                            .hasNotFailed()
                            .doesNotHaveBean(ResilientMetrics.class)
                            .hasSingleBean(ResilienceEndpoint.class)
                            .hasSingleBean(RecentEvents.class);
                });
    }

    @Test
    void withoutActuatorOnlyTheMetrics() {
        runner.withClassLoader(new FilteredClassLoader(Endpoint.class))
                .withUserConfiguration(RegistryConfig.class)
                .run(context -> {
                    assertThat(context)
                            .hasNotFailed()
                            .hasSingleBean(ResilientMetrics.class)
                            .doesNotHaveBean(ResilienceEndpoint.class)
                            .doesNotHaveBean(RecentEvents.class)
                            .doesNotHaveBean(ResilienceHealthIndicator.class);
                });
    }

    @Test
    void withoutHealthSupportNoHealthIndicator() {
        runner.withClassLoader(new FilteredClassLoader(HealthIndicator.class))
                .withUserConfiguration(RegistryConfig.class)
                .run(context -> {
                    assertThat(context)
                            .hasNotFailed()
                            .hasSingleBean(ResilienceEndpoint.class)
                            .doesNotHaveBean(ResilienceHealthIndicator.class);
                });
    }

    @Test
    void withoutARegistryNothing() {
        runner.run(context -> {
            assertThat(context)
                    .hasNotFailed()
                    .doesNotHaveBean(ResilientMetrics.class)
                    .doesNotHaveBean(ResilienceEndpoint.class)
                    .doesNotHaveBean(RecentEvents.class)
                    .doesNotHaveBean(ResilienceHealthIndicator.class)
                    .doesNotHaveBean(InstanceMetadata.class);
        });
    }

    @Test
    void endpointNotExposedIsNotCreated() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(
                        EndpointAutoConfiguration.class, ResilientActuatorAutoConfiguration.class))
                .withUserConfiguration(RegistryConfig.class)
                .run(context -> {
                    assertThat(context)
                            .hasNotFailed()
                            .doesNotHaveBean(ResilienceEndpoint.class)
                            .doesNotHaveBean(RecentEvents.class)
                            .hasSingleBean(ResilienceHealthIndicator.class);
                    assertThat(context.getBean(ResilienceRegistry.class)
                                    .runtime()
                                    .events()
                                    .listeners())
                            .isEmpty();
                });
    }

    @Test
    void healthIndicatorCanBeSwitchedOffOrMadeStrict() {
        runner.withUserConfiguration(RegistryConfig.class)
                .withPropertyValues("management.health.resilience.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(ResilienceHealthIndicator.class));
        runner.withUserConfiguration(RegistryConfig.class, ClientConfig.class)
                .withPropertyValues("resilient.health.open-circuit-down=true")
                .run(context -> {
                    ResilienceHealthIndicator health = context.getBean(ResilienceHealthIndicator.class);
                    assertThat(health.health().getStatus()).isEqualTo(Status.UP);
                    context.getBean(ResiliencePipeline.class)
                            .circuitBreaker()
                            .get()
                            .forceOpen();
                    assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);
                });
    }

    @Test
    void applicationBeansWin() {
        runner.withUserConfiguration(RegistryConfig.class, ClientConfig.class, MetadataConfig.class)
                .run(context -> {
                    assertThat(context).hasSingleBean(InstanceMetadata.class);
                    @SuppressWarnings("unchecked")
                    Map<String, Object> payments =
                            (Map<String, Object>) ((Map<String, Object>) context.getBean(ResilienceEndpoint.class)
                                            .instances()
                                            .get("instances"))
                                    .get("payments");
                    assertThat(payments).containsEntry("profile", "custom");
                });
    }
}
