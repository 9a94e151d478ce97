package dev.resilient.spring.http;

import static dev.resilient.spring.http.LoopbackServer.Reply;
import static org.assertj.core.api.Assertions.assertThat;

import dev.resilient.ResilienceRuntime;
import dev.resilient.pipeline.ResiliencePipeline;
import dev.resilient.pipeline.ResilienceRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.restclient.RestClientCustomizer;
import org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.webclient.WebClientCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.WebClient;

class ResilientHttpClientAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ResilientHttpClientAutoConfiguration.class));

    /** Hands out one pipeline per instance name, recording what was asked for. */
    static final class RecordingPipelines implements HttpResiliencePipelines, AutoCloseable {
        final List<String> requests = new CopyOnWriteArrayList<>();
        final ResilienceRegistry registry = new ResilienceRegistry(ResilienceRuntime.shared());

        @Override
        public ResiliencePipeline pipeline(String profile, String instanceName) {
            requests.add(profile + "/" + instanceName);
            return registry.pipeline(instanceName, TestPipelines.retryAndBreaker());
        }

        @Override
        public void close() {
            registry.close();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class PipelinesConfiguration {
        @Bean
        RecordingPipelines httpResiliencePipelines() {
            return new RecordingPipelines();
        }
    }

    @Test
    void offByDefault() {
        runner.withUserConfiguration(PipelinesConfiguration.class)
                .withPropertyValues("resilient.http.client.profile=http")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).doesNotHaveBean(ResilientRestClientCustomizer.class);
                    assertThat(context).doesNotHaveBean(ResilientRestTemplateCustomizer.class);
                    assertThat(context).doesNotHaveBean(ResilientWebClientCustomizer.class);
                    assertThat(context).doesNotHaveBean(ResilientClientHttpRequestInterceptor.class);
                    assertThat(context.getBean(RecordingPipelines.class).requests)
                            .isEmpty();
                });
    }

    @Test
    void enabledWithAProfileAddsTheCustomizersOnOneSharedPipeline() {
        runner.withUserConfiguration(PipelinesConfiguration.class)
                .withPropertyValues("resilient.http.client.enabled=true", "resilient.http.client.profile=http")
                .run(context -> {
                    assertThat(context).hasSingleBean(ResilientRestClientCustomizer.class);
                    assertThat(context).hasSingleBean(ResilientRestTemplateCustomizer.class);
                    assertThat(context).hasSingleBean(ResilientWebClientCustomizer.class);
                    assertThat(context.getBean(RestClientCustomizer.class))
                            .isInstanceOf(ResilientRestClientCustomizer.class);
                    assertThat(context.getBean(WebClientCustomizer.class))
                            .isInstanceOf(ResilientWebClientCustomizer.class);
                    ResiliencePipeline sync = context.getBean(ResilientClientHttpRequestInterceptor.class)
                            .pipeline();
                    ResiliencePipeline async = context.getBean(ResilientExchangeFilterFunction.class)
                            .pipeline();
                    assertThat(sync).isSameAs(async);
                    assertThat(sync.name()).isEqualTo("http-client");
                    assertThat(context.getBean(RecordingPipelines.class).requests)
                            .containsOnly("http/http-client");
                    assertThat(context.getBean(HttpFailurePolicy.class).failureStatuses())
                            .containsExactly(429, 500, 502, 503, 504);
                });
    }

    @Test
    void bindsNameStatusesAndRetryAfterCap() {
        runner.withUserConfiguration(PipelinesConfiguration.class)
                .withPropertyValues(
                        "resilient.http.client.enabled=true",
                        "resilient.http.client.profile=payments",
                        "resilient.http.client.name=psp",
                        "resilient.http.client.failure-statuses=503,408",
                        "resilient.http.client.max-retry-after=5s",
                        "resilient.http.client.max-buffered-body=1KB")
                .run(context -> {
                    HttpFailurePolicy policy = context.getBean(ResilientClientHttpRequestInterceptor.class)
                            .policy();
                    assertThat(policy.failureStatuses()).containsExactly(408, 503);
                    assertThat(policy.maxRetryAfter()).isEqualTo(Duration.ofSeconds(5));
                    assertThat(policy.maxBufferedBody()).isEqualTo(1024);
                    assertThat(context.getBean(RecordingPipelines.class).requests)
                            .containsOnly("payments/psp");
                });
    }

    @Test
    void withoutAPipelineSourceNothingIsAdded() {
        runner.withPropertyValues("resilient.http.client.enabled=true", "resilient.http.client.profile=http")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).doesNotHaveBean(ResilientRestClientCustomizer.class);
                    assertThat(context).doesNotHaveBean(ResilientWebClientCustomizer.class);
                });
    }

    @Test
    void enabledWithoutAProfileFailsTheStartUp() {
        runner.withUserConfiguration(PipelinesConfiguration.class)
                .withPropertyValues("resilient.http.client.enabled=true")
                .run(context -> assertThat(context)
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("resilient.http.client.profile"));
    }

    @Test
    void anInvalidStatusFailsTheStartUpNamingTheProperty() {
        runner.withUserConfiguration(PipelinesConfiguration.class)
                .withPropertyValues(
                        "resilient.http.client.enabled=true",
                        "resilient.http.client.profile=http",
                        "resilient.http.client.failure-statuses=503,700")
                .run(context -> assertThat(context)
                        .getFailure()
                        .hasStackTraceContaining("resilient.http.client.failure-statuses is invalid")
                        .hasStackTraceContaining("700"));
    }

    @Test
    void withoutWebFluxOnlyTheBlockingClientsAreCustomized() {
        runner.withUserConfiguration(PipelinesConfiguration.class)
                .withClassLoader(new FilteredClassLoader(WebClient.class))
                .withPropertyValues("resilient.http.client.enabled=true", "resilient.http.client.profile=http")
                .run(context -> {
                    assertThat(context).hasSingleBean(ResilientRestClientCustomizer.class);
                    assertThat(context).doesNotHaveBean(ResilientWebClientCustomizer.class);
                    assertThat(context).doesNotHaveBean(ResilientExchangeFilterFunction.class);
                });
    }

    @Test
    void withoutRestClientSupportOnlyWebClientIsCustomized() {
        runner.withUserConfiguration(PipelinesConfiguration.class)
                .withClassLoader(new FilteredClassLoader(RestClientCustomizer.class))
                .withPropertyValues("resilient.http.client.enabled=true", "resilient.http.client.profile=http")
                .run(context -> {
                    assertThat(context).doesNotHaveBean(ResilientRestClientCustomizer.class);
                    assertThat(context).hasSingleBean(ResilientWebClientCustomizer.class);
                });
    }

    @Test
    void theAutoConfiguredRestClientBuilderRetries() throws IOException {
        try (LoopbackServer server = new LoopbackServer()) {
            server.reply(Reply.of(503), Reply.of(200, "through"));
            runner.withConfiguration(AutoConfigurations.of(RestClientAutoConfiguration.class))
                    .withUserConfiguration(PipelinesConfiguration.class)
                    .withPropertyValues(
                            "resilient.http.client.enabled=true",
                            "resilient.http.client.profile=http",
                            "resilient.http.client.name=auto-configured")
                    .run(context -> {
                        RestClient client = context.getBean(RestClient.Builder.class)
                                .requestFactory(new JdkClientHttpRequestFactory())
                                .build();
                        assertThat(client.get().uri(server.uri("/a")).retrieve().body(String.class))
                                .isEqualTo("through");
                        assertThat(server.requests()).isEqualTo(2);
                    });
        }
    }

    @Test
    void configurationMetadataIsGenerated() throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            assertThat(in).isNotNull();
            String json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertThat(json)
                    .contains(
                            "resilient.http.client.enabled",
                            "resilient.http.client.profile",
                            "resilient.http.client.name",
                            "resilient.http.client.failure-statuses",
                            "resilient.http.client.max-retry-after");
        }
    }
}
