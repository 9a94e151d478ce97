package dev.resilient.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.resilient.ResilienceRuntime;
import dev.resilient.pipeline.ResiliencePipeline;
import dev.resilient.pipeline.ResilienceRegistry;
import dev.resilient.spring.http.HttpResiliencePipelines;
import dev.resilient.spring.http.ResilientClientHttpRequestInterceptor;
import dev.resilient.spring.http.ResilientHttpClientAutoConfiguration;
import dev.resilient.spring.internal.PipelineConfigFactory;
import dev.resilient.spring.internal.ProfileMerger;
import dev.resilient.spring.internal.ResilientAdvisor;
import dev.resilient.spring.internal.ResilientMethodRegistry;
import dev.resilient.spring.internal.ResilientMethodValidator;
import dev.resilient.spring.internal.ResilientPipelines;
import dev.resilient.spring.properties.ResilientProperties;
import dev.resilient.time.Clock;
import dev.resilient.time.ManualTime;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ClassPathResource;

class ResilientAutoConfigurationTest {

    private final ApplicationContextRunner runner =
            new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(ResilientAutoConfiguration.class));

    @Test
    void registersTheBeans() {
        this.runner.run(context -> assertThat(context)
                .hasSingleBean(ResilientProperties.class)
                .hasSingleBean(ProfileMerger.class)
                .hasSingleBean(ResilientMethodRegistry.class)
                .hasSingleBean(ResilientMethodValidator.class)
                .hasSingleBean(ResilienceRuntime.class)
                .hasSingleBean(ResilienceRegistry.class)
                .hasSingleBean(PipelineConfigFactory.class)
                .hasSingleBean(ResilientPipelines.class)
                .hasSingleBean(ResilientAdvisor.class)
                .hasSingleBean(Clock.class));
    }

    @Test
    void providesTheHttpClientPipelinesFromProfiles() {
        this.runner
                .withPropertyValues("resilient.profiles.api.retry.max-attempts=2")
                .run(context -> {
                    HttpResiliencePipelines pipelines = context.getBean(HttpResiliencePipelines.class);
                    ResiliencePipeline pipeline = pipelines.pipeline("api", "api-client");
                    assertThat(pipelines.pipeline("api", "api-client")).isSameAs(pipeline);
                    assertThat(pipeline.retry().orElseThrow().config().maxAttempts())
                            .isEqualTo(2);
                    // the registry's pipeline, with the call observation around it: the same parts
                    ResiliencePipeline shared = context.getBean(ResilienceRegistry.class)
                            .find("api-client")
                            .orElseThrow();
                    assertThat(pipeline.context()).isSameAs(shared.context());
                    assertThat(pipeline.retry()).containsSame(shared.retry().orElseThrow());
                    assertThat(pipeline.config()).isSameAs(shared.config());
                    // the built-in http profile has a total timeout, applied around the shared pipeline
                    ResiliencePipeline http = pipelines.pipeline("http", "http-client");
                    assertThat(context.getBean(ResilienceRegistry.class)
                                    .find("http-client")
                                    .orElseThrow()
                                    .context())
                            .isSameAs(http.context());
                    assertThatThrownBy(() -> pipelines.pipeline("nope", "x"))
                            .isInstanceOf(IllegalArgumentException.class)
                            .hasMessageContaining("nope");
                });
    }

    @Test
    void httpClientIntegrationUsesTheProfilePipelines() {
        this.runner
                .withConfiguration(AutoConfigurations.of(ResilientHttpClientAutoConfiguration.class))
                .withPropertyValues("resilient.http.client.enabled=true", "resilient.http.client.profile=http")
                .run(context -> assertThat(context).hasSingleBean(ResilientClientHttpRequestInterceptor.class));
    }

    @Test
    void userRuntimeAndRegistryWin() {
        ResilienceRuntime runtime = ResilienceRuntime.manual(new ManualTime());
        this.runner.withBean(ResilienceRuntime.class, () -> runtime).run(context -> {
            assertThat(context).hasSingleBean(ResilienceRuntime.class);
            assertThat(context.getBean(ResilienceRegistry.class).runtime()).isSameAs(runtime);
        });
    }

    @Test
    void backsOffWhenDisabled() {
        this.runner.withPropertyValues("resilient.enabled=false").run(context -> assertThat(context)
                .doesNotHaveBean(ProfileMerger.class)
                .doesNotHaveBean(ResilientMethodRegistry.class)
                .doesNotHaveBean(ResilientAdvisor.class));
    }

    @Test
    void userBeansWin() {
        this.runner.withUserConfiguration(CustomMerger.class).run(context -> {
            assertThat(context).hasSingleBean(ProfileMerger.class);
            assertThat(context.getBean(ProfileMerger.class)).isSameAs(context.getBean(CustomMerger.class).merger);
            assertThat(context.getBean(ResilientMethodRegistry.class)).isNotNull();
        });
    }

    @Test
    void isListedInTheAutoConfigurationImports() throws IOException {
        assertThat(read("META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports"))
                .contains(ResilientAutoConfiguration.class.getName());
    }

    @Test
    void configurationMetadataIsGenerated() throws IOException {
        String metadata = read("META-INF/spring-configuration-metadata.json");
        for (String key : List.of(
                "resilient.enabled",
                "resilient.profiles",
                "resilient.defaults.retry.max-attempts",
                "resilient.defaults.retry.budget.max-tokens",
                "resilient.defaults.circuit-breaker.failure-rate-threshold",
                "resilient.defaults.rate-limit.strategy",
                "resilient.defaults.bulkhead.max-concurrent",
                "resilient.defaults.timeout",
                "resilient.defaults.failure-cache.ttl",
                "resilient.defaults.alert.escalation",
                "resilient.defaults.aggregate.max-groups",
                "resilient.defaults.logging.redact",
                "resilient.defaults.stack-trace.max-depth",
                "resilient.defaults.metrics.tags",
                "resilient.defaults.when",
                "resilient.defaults.active-in",
                "resilient.defaults.ignore-when")) {
            assertThat(metadata).contains("\"" + key + "\"");
        }
        assertThat(metadata).contains("Maximum number of attempts, the first call included");
    }

    private static String read(String path) throws IOException {
        try (InputStream in = new ClassPathResource(path).getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class CustomMerger {

        final ProfileMerger merger;

        CustomMerger(Environment environment) {
            this.merger = new ProfileMerger(
                    new ResilientProperties(), environment, getClass().getClassLoader());
        }

        @Bean
        ProfileMerger customProfileMerger() {
            return this.merger;
        }
    }
}
