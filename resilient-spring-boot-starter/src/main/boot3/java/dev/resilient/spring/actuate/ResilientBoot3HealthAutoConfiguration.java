package dev.resilient.spring.actuate;

import dev.resilient.pipeline.ResilienceRegistry;
import org.springframework.boot.actuate.autoconfigure.health.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * The {@code resilience} health contributor on Spring Boot 3.5, whose health API lives in
 * {@code org.springframework.boot.actuate.health} (Spring Boot 4 moved it to
 * {@code org.springframework.boot.health}, which {@link ResilientActuatorAutoConfiguration} uses).
 * Compiled against Spring Boot 3.5; nothing of it loads on Spring Boot 4.
 */
@AutoConfiguration(afterName = "dev.resilient.spring.actuate.ResilientActuatorAutoConfiguration")
@ConditionalOnClass(name = "org.springframework.boot.actuate.health.HealthIndicator")
@ConditionalOnBean(ResilienceRegistry.class)
@ConditionalOnEnabledHealthIndicator("resilience")
@EnableConfigurationProperties(ResilientHealthProperties.class)
public class ResilientBoot3HealthAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "resilienceHealthIndicator")
    Boot3ResilienceHealthIndicator resilienceHealthIndicator(
            ResilienceRegistry registry, ResilientHealthProperties properties) {
        return new Boot3ResilienceHealthIndicator(registry, properties.isOpenCircuitDown());
    }
}
