package dev.resilient.spring.http;

import static dev.resilient.spring.http.LoopbackServer.Reply;
import static org.assertj.core.api.Assertions.assertThat;

import dev.resilient.pipeline.ResiliencePipeline;
import dev.resilient.pipeline.ResilienceRegistry;
import dev.resilient.spring.autoconfigure.ResilientAutoConfiguration;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.restclient.RestClientCustomizer;
import org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.webclient.WebClientCustomizer;
import org.springframework.context.ApplicationContext;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.WebClient;

/** The HTTP client auto-configuration with the starter's own pipelines, as a user adds it. */
class ResilientHttpClientAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    ResilientAutoConfiguration.class, ResilientHttpClientAutoConfiguration.class));

    private static ResilienceRegistry registry(ApplicationContext context) {
        return context.getBean(ResilienceRegistry.class);
    }

    @Test
    void offByDefault() {
        runner.withPropertyValues("resilient.http.client.profile=http").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).doesNotHaveBean(ResilientRestClientCustomizer.class);
            assertThat(context).doesNotHaveBean(ResilientRestTemplateCustomizer.class);
            assertThat(context).doesNotHaveBean(ResilientWebClientCustomizer.class);
            assertThat(context).doesNotHaveBean(ResilientClientHttpRequestInterceptor.class);
            assertThat(registry(context).find("http-client")).isEmpty();
        });
    }

    @Test
    void enabledWithAProfileAddsTheCustomizersOnOneSharedPipeline() {
        runner.withPropertyValues("resilient.http.client.enabled=true", "resilient.http.client.profile=http")
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
                    // the instance in the registry, behind the profile's total timeout
                    assertThat(registry(context)
                                    .find("http-client")
                                    .orElseThrow()
                                    .context())
                            .isSameAs(sync.context());
                    // 408, 429 and 500-599 by default (was 429, 500, 502, 503, 504)
                    assertThat(context.getBean(HttpFailurePolicy.class).failureStatuses())
                            .startsWith(408, 429, 500, 501, 502)
                            .endsWith(599)
                            .hasSize(102);
                });
    }

    @Test
    void bindsNameStatusesAndRetryAfterCap() {
        runner.withPropertyValues(
                        "resilient.profiles.payments.retry.max-attempts=2",
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
                    assertThat(registry(context).find("psp")).isPresent();
                    assertThat(registry(context).find("http-client")).isEmpty();
                });
    }

    @org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
    static class OwnPolicy {
        @org.springframework.context.annotation.Bean
        HttpFailurePolicy ownPolicy() {
            return HttpFailurePolicy.builder().failureStatuses(503).build();
        }
    }

    @Test
    void anHttpFailurePolicyBeanOfTheApplicationIsTheSharedClientsPolicy() {
        runner.withUserConfiguration(OwnPolicy.class)
                .withPropertyValues("resilient.http.client.enabled=true", "resilient.http.client.profile=http")
                .run(context -> {
                    assertThat(context.getBean(ResilientClientHttpRequestInterceptor.class)
                                    .policy())
                            .isSameAs(context.getBean(HttpFailurePolicy.class));
                    assertThat(context.getBean(ResilientExchangeFilterFunction.class)
                                    .policy()
                                    .failureStatuses())
                            .containsExactly(503);
                });
    }

    @Test
    void bindsTheIdempotencyAndPerHostSettings() {
        runner.withPropertyValues(
                        "resilient.http.client.enabled=true",
                        "resilient.http.client.profile=http",
                        "resilient.http.client.retry-unsafe-methods=true",
                        "resilient.http.client.idempotency-key-header=",
                        "resilient.http.client.clients.orders.idempotency-key-header=X-Request-Id",
                        "resilient.http.client.clients.orders.retry-unsafe-methods=false")
                .run(context -> {
                    HttpFailurePolicy policy = context.getBean(ResilientClientHttpRequestInterceptor.class)
                            .policy();
                    assertThat(policy.retryUnsafeMethods()).isTrue();
                    assertThat(policy.idempotencyKeyHeader()).isNull();
                    HttpFailurePolicy orders = context.getBean(ResilientHttpClients.class)
                            .interceptor("orders")
                            .policy();
                    assertThat(orders.retryUnsafeMethods()).isFalse();
                    assertThat(orders.idempotencyKeyHeader()).isEqualTo("X-Request-Id");
                    assertThat(orders.isSafeToRetry("POST", "X-Request-Id"::equals))
                            .isTrue();
                });
    }

    @Test
    void badPerHostAndClientValuesFailTheStartUpNamingTheProperty() {
        runner.withPropertyValues(
                        "resilient.http.client.enabled=true",
                        "resilient.http.client.profile=http",
                        "resilient.http.client.per-host=true",
                        "resilient.http.client.max-hosts=0")
                .run(context -> assertThat(context)
                        .getFailure()
                        .hasStackTraceContaining("resilient.http.client.max-hosts must be >= 1 but was 0"));
        runner.withPropertyValues(
                        "resilient.http.client.enabled=true",
                        "resilient.http.client.profile=http",
                        "resilient.http.client.clients.psp.hosts=https://psp.example.com/")
                .run(context -> assertThat(context)
                        .getFailure()
                        .hasStackTraceContaining("resilient.http.client.clients.psp.hosts must list host names"));
        runner.withPropertyValues(
                        "resilient.http.client.enabled=true",
                        "resilient.http.client.profile=http",
                        "resilient.http.client.clients.psp.idempotency-key-header=Bad Header")
                .run(context -> assertThat(context)
                        .getFailure()
                        .hasStackTraceContaining(
                                "resilient.http.client.clients.psp.idempotency-key-header is invalid"));
    }

    @Test
    void withoutAPipelineSourceNothingIsAdded() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(ResilientHttpClientAutoConfiguration.class))
                .withPropertyValues("resilient.http.client.enabled=true", "resilient.http.client.profile=http")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).doesNotHaveBean(ResilientRestClientCustomizer.class);
                    assertThat(context).doesNotHaveBean(ResilientWebClientCustomizer.class);
                });
    }

    @Test
    void enabledWithoutAProfileFailsTheStartUp() {
        runner.withPropertyValues("resilient.http.client.enabled=true").run(context -> assertThat(context)
                .getFailure()
                .rootCause()
                .hasMessageContaining("resilient.http.client.profile"));
    }

    @Test
    void anInvalidStatusFailsTheStartUpNamingTheProperty() {
        runner.withPropertyValues(
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
        runner.withClassLoader(new FilteredClassLoader(WebClient.class))
                .withPropertyValues("resilient.http.client.enabled=true", "resilient.http.client.profile=http")
                .run(context -> {
                    assertThat(context).hasSingleBean(ResilientRestClientCustomizer.class);
                    assertThat(context).doesNotHaveBean(ResilientWebClientCustomizer.class);
                    assertThat(context).doesNotHaveBean(ResilientExchangeFilterFunction.class);
                });
    }

    @Test
    void withoutRestClientSupportOnlyWebClientIsCustomized() {
        runner.withClassLoader(new FilteredClassLoader(RestClientCustomizer.class))
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
                            "resilient.http.client.max-retry-after",
                            "resilient.http.client.retry-unsafe-methods",
                            "resilient.http.client.idempotency-key-header",
                            "resilient.http.client.per-host",
                            "resilient.http.client.max-hosts",
                            "resilient.http.client.clients");
        }
    }
}
