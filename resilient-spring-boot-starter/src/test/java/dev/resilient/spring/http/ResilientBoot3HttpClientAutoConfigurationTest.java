package dev.resilient.spring.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resilient.spring.autoconfigure.ResilientAutoConfiguration;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.restclient.RestClientCustomizer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.webclient.WebClientCustomizer;

/**
 * On Spring Boot 4 the HTTP client configuration for Boot 3.5 adds nothing: the Boot 4 customizers
 * are the only ones. Both are registered auto-configurations of the one jar.
 */
class ResilientBoot3HttpClientAutoConfigurationTest {

    @Test
    void onBoot4OnlyTheBoot4CustomizersExist() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(
                        ResilientAutoConfiguration.class,
                        ResilientHttpClientAutoConfiguration.class,
                        ResilientBoot3HttpClientAutoConfiguration.class))
                .withPropertyValues("resilient.http.client.enabled=true", "resilient.http.client.profile=http")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBeansOfType(RestClientCustomizer.class))
                            .containsOnlyKeys("resilientRestClientCustomizer")
                            .allSatisfy((name, customizer) ->
                                    assertThat(customizer).isInstanceOf(ResilientRestClientCustomizer.class));
                    assertThat(context.getBeansOfType(WebClientCustomizer.class))
                            .containsOnlyKeys("resilientWebClientCustomizer")
                            .allSatisfy((name, customizer) ->
                                    assertThat(customizer).isInstanceOf(ResilientWebClientCustomizer.class));
                });
    }

    @Test
    void everyLinesConfigurationsAreRegistered() throws Exception {
        String imports = "/META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports";
        List<String> names;
        try (BufferedReader in = new BufferedReader(
                new InputStreamReader(getClass().getResourceAsStream(imports), StandardCharsets.UTF_8))) {
            names = in.lines().toList();
        }
        assertThat(names)
                .contains(
                        ResilientHttpClientAutoConfiguration.class.getName(),
                        ResilientBoot3HttpClientAutoConfiguration.class.getName(),
                        "dev.resilient.spring.actuate.ResilientActuatorAutoConfiguration",
                        "dev.resilient.spring.actuate.ResilientBoot3HealthAutoConfiguration");
    }
}
