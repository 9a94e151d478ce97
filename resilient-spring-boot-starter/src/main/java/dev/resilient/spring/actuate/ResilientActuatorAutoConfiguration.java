package dev.resilient.spring.actuate;

import dev.resilient.event.RecentEvents;
import dev.resilient.observation.MessageScrubber;
import dev.resilient.pipeline.ResilienceRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.autoconfigure.endpoint.expose.EndpointExposure;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The {@code resilience} actuator endpoint, the {@code resilience} health contributor and the
 * {@link RecentEvents} buffer they show, when Spring Boot Actuator is present.
 */
@AutoConfiguration(afterName = "dev.resilient.spring.autoconfigure.ResilientAutoConfiguration")
@ConditionalOnClass(Endpoint.class)
@ConditionalOnBean(ResilienceRegistry.class)
public class ResilientActuatorAutoConfiguration {

    /** Metadata that knows nothing, unless the application or the starter defines its own. */
    @Bean
    @ConditionalOnMissingBean
    InstanceMetadata resilientInstanceMetadata() {
        return InstanceMetadata.NONE;
    }

    /**
     * The last {@value RecentEvents#DEFAULT_CAPACITY} events of every instance, kept only when the
     * endpoint that shows them is available.
     */
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnAvailableEndpoint(endpoint = ResilienceEndpoint.class)
    RecentEvents resilientRecentEvents() {
        return new RecentEvents();
    }

    /** Attaches the recent-events buffer to the registry as soon as the registry exists. */
    @Bean
    static RegistryListenerRegistrar<RecentEvents> resilientRecentEventsRegistrar(ObjectProvider<RecentEvents> events) {
        return new RegistryListenerRegistrar<>(events, (recent, registry) -> {
            if (!registry.runtime().events().listeners().contains(recent)) {
                registry.runtime().events().addListener(recent);
            }
        });
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnAvailableEndpoint
    ResilienceEndpoint resilienceEndpoint(
            ResilienceRegistry registry,
            ObjectProvider<RecentEvents> events,
            ObjectProvider<InstanceMetadata> metadata,
            ObjectProvider<MessageScrubber> scrubber) {
        return new ResilienceEndpoint(
                registry,
                events.getIfAvailable(),
                metadata.getIfAvailable(() -> InstanceMetadata.NONE),
                scrubber.getIfAvailable(MessageScrubber::defaults));
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBean(ResilienceEndpoint.class)
    @ConditionalOnAvailableEndpoint(endpoint = ResilienceEndpoint.class, exposure = EndpointExposure.WEB)
    ResilienceEndpointWebExtension resilienceEndpointWebExtension(ResilienceEndpoint endpoint) {
        return new ResilienceEndpointWebExtension(endpoint);
    }

    /**
     * The health contributor, when Spring Boot 4's health support is present; on Spring Boot 3.5
     * {@code ResilientBoot3HealthAutoConfiguration} contributes it.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
    @ConditionalOnEnabledHealthIndicator("resilience")
    @EnableConfigurationProperties(ResilientHealthProperties.class)
    static class HealthConfiguration {

        @Bean
        @ConditionalOnMissingBean(name = "resilienceHealthIndicator")
        ResilienceHealthIndicator resilienceHealthIndicator(
                ResilienceRegistry registry, ResilientHealthProperties properties) {
            return new ResilienceHealthIndicator(registry, properties.isOpenCircuitDown());
        }
    }
}
