package dev.resilient.spring.actuate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resilient.ResilienceRuntime;
import dev.resilient.pipeline.ResilienceRegistry;
import dev.resilient.time.ManualTime;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * On Spring Boot 4 the health configuration for Boot 3.5 loads nothing and the Boot 4 contributor is
 * the one. The Boot 3.5 side is proven by resilient-compat-tests on a real Boot 3.5 class path.
 */
class Boot3AutoConfigurationsTest {

    @Configuration(proxyBeanMethods = false)
    static class RegistryConfig {
        @Bean
        ResilienceRegistry resilienceRegistry() {
            return new ResilienceRegistry(ResilienceRuntime.manual(new ManualTime()));
        }
    }

    @Test
    void onBoot4OnlyTheBoot4HealthContributorExists() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(
                        EndpointAutoConfiguration.class,
                        ResilientActuatorAutoConfiguration.class,
                        ResilientBoot3HealthAutoConfiguration.class))
                .withUserConfiguration(RegistryConfig.class)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).hasSingleBean(ResilienceHealthIndicator.class);
                    // the Boot 3 configuration is not even registered (its indicator's class cannot load here)
                    assertThat(context).doesNotHaveBean(ResilientBoot3HealthAutoConfiguration.class);
                    assertThat(context.getBeanNamesForType(ResilienceHealthIndicator.class))
                            .containsExactly("resilienceHealthIndicator");
                });
    }
}
