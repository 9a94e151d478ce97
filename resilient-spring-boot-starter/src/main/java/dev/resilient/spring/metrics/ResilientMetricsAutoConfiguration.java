package dev.resilient.spring.metrics;

import dev.resilient.pipeline.ResilienceRegistry;
import dev.resilient.spring.actuate.InstanceMetadata;
import dev.resilient.spring.actuate.RegistryListenerRegistrar;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Publishes the {@code resilient.*} meters of the application's {@link ResilienceRegistry} to its
 * Micrometer {@link MeterRegistry} when Micrometer is present.
 */
@AutoConfiguration(
        afterName = {
            "dev.resilient.spring.autoconfigure.ResilientAutoConfiguration",
            "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
            "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
            "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration",
            // The same auto-configurations on Spring Boot 3.5, where they live in the actuator's module.
            "org.springframework.boot.actuate.autoconfigure.metrics.MetricsAutoConfiguration",
            "org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration",
            "org.springframework.boot.actuate.autoconfigure.metrics.export.simple.SimpleMetricsExportAutoConfiguration"
        })
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean({MeterRegistry.class, ResilienceRegistry.class})
public class ResilientMetricsAutoConfiguration {

    /** Metadata that knows nothing, unless the application or the starter defines its own. */
    @Bean
    @ConditionalOnMissingBean
    InstanceMetadata resilientInstanceMetadata() {
        return InstanceMetadata.NONE;
    }

    /** The event listener and meter binder; Spring Boot binds it to the meter registry. */
    @Bean
    @ConditionalOnMissingBean
    ResilientMetrics resilientMetrics(ObjectProvider<InstanceMetadata> metadata) {
        return new ResilientMetrics(metadata.getIfAvailable(() -> InstanceMetadata.NONE));
    }

    /** Attaches the metrics listener to the registry as soon as the registry exists. */
    @Bean
    static RegistryListenerRegistrar<ResilientMetrics> resilientMetricsRegistrar(
            ObjectProvider<ResilientMetrics> metrics) {
        return new RegistryListenerRegistrar<>(metrics, ResilientMetrics::watch);
    }
}
