package dev.resilient.spring.http;

import static dev.resilient.spring.http.HttpClientIntegrationTest.FAST;
import static dev.resilient.spring.http.LoopbackServer.Reply;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.resilient.circuitbreaker.CircuitBreakerOpenException;
import dev.resilient.circuitbreaker.CircuitState;
import dev.resilient.pipeline.ResiliencePipeline;
import dev.resilient.pipeline.ResilienceRegistry;
import dev.resilient.spring.Resilient;
import dev.resilient.spring.actuate.ResilienceEndpoint;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.restclient.RestTemplateBuilder;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.http.client.reactive.JdkClientHttpConnector;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestTemplate;
import org.springframework.web.client.support.RestClientAdapter;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.support.WebClientAdapter;
import org.springframework.web.service.annotation.GetExchange;
import org.springframework.web.service.invoker.HttpServiceProxyFactory;
import reactor.core.publisher.Mono;

/** Per-client and per-host settings, and {@code @Resilient} on {@code @HttpExchange} methods, through the starter. */
class HttpClientRoutingTest {

    /** A profile that does not retry and opens its circuit after two consecutive failures. */
    static final String[] FLAKY = {
        "resilient.profiles.flaky.retry.max-attempts=1", "resilient.profiles.flaky.circuit-breaker.failure-threshold=2"
    };

    private LoopbackServer server;
    private LoopbackServer other;

    @BeforeEach
    void start() throws IOException {
        server = new LoopbackServer();
        other = new LoopbackServer();
    }

    @AfterEach
    void stop() {
        server.close();
        other.close();
    }

    private static ResilienceRegistry registry(ApplicationContext context) {
        return context.getBean(ResilienceRegistry.class);
    }

    private static String authority(LoopbackServer s) {
        return "127.0.0.1:" + s.port();
    }

    // --- per host ----------------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(HttpClients.class)
    void twoHostsBehindOneClientKeepSeparateCircuitsWithPerHost(HttpClients kind) {
        server.reply(Reply.of(500));
        other.reply(Reply.of(200, "fine"));
        FAST.withPropertyValues(FLAKY)
                .withPropertyValues("resilient.http.client.profile=flaky", "resilient.http.client.per-host=true")
                .run(context -> {
                    HttpClients.Caller failing = kind.caller(context, server.uri(""));
                    HttpClients.Caller healthy = kind.caller(context, other.uri(""));
                    catchThrowable(() -> failing.get("/a"));
                    catchThrowable(() -> failing.get("/a"));

                    Throwable rejected = catchThrowable(() -> failing.get("/a"));
                    assertThat(HttpClientIntegrationTest.causedBy(rejected, CircuitBreakerOpenException.class))
                            .as("rejected: %s", rejected)
                            .isTrue();
                    assertThat(server.requests()).isEqualTo(2);
                    assertThat(healthy.get("/b")).isEqualTo("fine");

                    ResiliencePipeline a = registry(context)
                            .find("http-client@" + authority(server))
                            .orElseThrow();
                    ResiliencePipeline b = registry(context)
                            .find("http-client@" + authority(other))
                            .orElseThrow();
                    assertThat(a.circuitBreaker().orElseThrow().state()).isEqualTo(CircuitState.OPEN);
                    assertThat(b.circuitBreaker().orElseThrow().state()).isEqualTo(CircuitState.CLOSED);
                    assertThat(registry(context).find("http-client")).isEmpty();
                    @SuppressWarnings("unchecked")
                    Map<String, Object> instances = (Map<String, Object>) context.getBean(ResilienceEndpoint.class)
                            .instances()
                            .get("instances");
                    assertThat(instances).containsKeys(a.name(), b.name());
                });
    }

    @Test
    void theLeastRecentlyUsedHostGoesWithItsMetersWhenTheBoundIsReached() {
        FAST.withPropertyValues("resilient.http.client.per-host=true", "resilient.http.client.max-hosts=1")
                .run(context -> {
                    RestClient client = HttpClients.restClient(context, server.uri(""));
                    MeterRegistry meters = context.getBean(MeterRegistry.class);
                    String first = "http-client@" + authority(server);
                    String second = "http-client@" + authority(other);

                    client.get().uri(server.uri("/a")).retrieve().toBodilessEntity();
                    assertThat(registry(context).find(first)).isPresent();
                    assertThat(meters.find("resilient.calls").tag("name", first).meters())
                            .isNotEmpty();

                    client.get().uri(other.uri("/b")).retrieve().toBodilessEntity();
                    assertThat(registry(context).find(first)).isEmpty();
                    assertThat(registry(context).find(second)).isPresent();
                    assertThat(meters.find("resilient.calls").tag("name", first).meters())
                            .isEmpty();
                    assertThat(meters.find("resilient.calls")
                                    .tag("name", second)
                                    .meters())
                            .isNotEmpty();
                    @SuppressWarnings("unchecked")
                    Map<String, Object> instances = (Map<String, Object>) context.getBean(ResilienceEndpoint.class)
                            .instances()
                            .get("instances");
                    assertThat(instances).containsKey(second).doesNotContainKey(first);

                    // the evicted host comes back as a fresh instance
                    client.get().uri(server.uri("/a")).retrieve().toBodilessEntity();
                    assertThat(registry(context).find(first)).isPresent();
                    assertThat(registry(context).find(second)).isEmpty();
                });
    }

    // --- per client ----------------------------------------------------------------------------------

    /** Client beans built from the auto-configured builders, as an application defines them. */
    @Configuration(proxyBeanMethods = false)
    static class ClientBeans {
        static URI base;

        @Bean
        RestClient inventoryClient(RestClient.Builder builder) {
            return builder.baseUrl(base.toString())
                    .requestFactory(new JdkClientHttpRequestFactory())
                    .build();
        }

        @Bean
        RestClient otherClient(RestClient.Builder builder) {
            return builder.baseUrl(base.toString())
                    .requestFactory(new JdkClientHttpRequestFactory())
                    .build();
        }

        @Bean
        WebClient reportsClient(WebClient.Builder builder) {
            return builder.baseUrl(base.toString())
                    .clientConnector(new JdkClientHttpConnector())
                    .build();
        }

        @Bean
        RestTemplate legacyClient(RestTemplateBuilder builder) {
            RestTemplate template = builder.rootUri(base.toString()).build();
            template.setRequestFactory(new JdkClientHttpRequestFactory());
            return template;
        }
    }

    @Test
    void clientBeansNamedInThePropertiesGetTheirOwnProfile() {
        server.reply(Reply.of(503));
        ClientBeans.base = server.uri("");
        FAST.withUserConfiguration(ClientBeans.class)
                .withPropertyValues(
                        "resilient.profiles.twice.retry.max-attempts=2",
                        "resilient.profiles.twice.retry.delay=10ms",
                        "resilient.http.client.clients.inventoryClient.profile=twice",
                        "resilient.http.client.clients.reportsClient.profile=twice",
                        "resilient.http.client.clients.legacyClient.profile=twice",
                        "resilient.http.client.clients.legacyClient.name=legacy")
                .run(context -> {
                    catchThrowable(() -> context.getBean("inventoryClient", RestClient.class)
                            .get()
                            .uri("/i")
                            .retrieve()
                            .toBodilessEntity());
                    assertThat(server.requests()).isEqualTo(2);
                    catchThrowable(() -> context.getBean("reportsClient", WebClient.class)
                            .get()
                            .uri("/r")
                            .retrieve()
                            .toBodilessEntity()
                            .block(HttpClients.BLOCK));
                    assertThat(server.requests()).isEqualTo(4);
                    catchThrowable(() ->
                            context.getBean("legacyClient", RestTemplate.class).getForObject("/l", String.class));
                    assertThat(server.requests()).isEqualTo(6);
                    // a client without an entry keeps the shared settings: the http preset's 4 attempts
                    catchThrowable(() -> context.getBean("otherClient", RestClient.class)
                            .get()
                            .uri("/o")
                            .retrieve()
                            .toBodilessEntity());
                    assertThat(server.requests()).isEqualTo(10);

                    assertThat(registry(context).find("inventoryClient")).isPresent();
                    assertThat(registry(context).find("reportsClient")).isPresent();
                    assertThat(registry(context).find("legacy")).isPresent();
                    assertThat(registry(context).find("http-client")).isPresent();
                    assertThat(registry(context)
                                    .find("inventoryClient")
                                    .orElseThrow()
                                    .stats()
                                    .calls())
                            .isEqualTo(1);
                });
    }

    /** Named builder beans, from which an application builds several clients. */
    @Configuration(proxyBeanMethods = false)
    static class BuilderBeans {
        @Bean
        RestClient.Builder inventoryRestBuilder(
                org.springframework.boot.restclient.autoconfigure.RestClientBuilderConfigurer configurer) {
            return configurer.configure(RestClient.builder());
        }

        @Bean
        WebClient.Builder inventoryWebBuilder(
                org.springframework.beans.factory.ObjectProvider<org.springframework.boot.webclient.WebClientCustomizer>
                        customizers) {
            WebClient.Builder builder = WebClient.builder();
            customizers.orderedStream().forEach(customizer -> customizer.customize(builder));
            return builder;
        }
    }

    @Test
    void namedBuilderBeansGetTheirOwnProfile() {
        server.reply(Reply.of(503));
        FAST.withUserConfiguration(BuilderBeans.class)
                .withPropertyValues(
                        "resilient.profiles.once.retry.max-attempts=1",
                        "resilient.http.client.clients.inventoryRestBuilder.profile=once",
                        "resilient.http.client.clients.inventoryWebBuilder.profile=once")
                .run(context -> {
                    RestClient rest = context.getBean("inventoryRestBuilder", RestClient.Builder.class)
                            .baseUrl(server.uri("").toString())
                            .requestFactory(new JdkClientHttpRequestFactory())
                            .build();
                    catchThrowable(() -> rest.get().uri("/a").retrieve().toBodilessEntity());
                    assertThat(server.requests()).isEqualTo(1);
                    WebClient web = context.getBean("inventoryWebBuilder", WebClient.Builder.class)
                            .baseUrl(server.uri("").toString())
                            .clientConnector(new JdkClientHttpConnector())
                            .build();
                    catchThrowable(() ->
                            web.get().uri("/b").retrieve().toBodilessEntity().block(HttpClients.BLOCK));
                    assertThat(server.requests()).isEqualTo(2);
                    assertThat(registry(context).find("inventoryRestBuilder")).isPresent();
                });
    }

    /** A bean whose method calls a plain RestClient (no integration) under the http preset. */
    static class Catalog {
        private final RestClient client;

        Catalog(URI base) {
            client = RestClient.builder()
                    .baseUrl(base.toString())
                    .requestFactory(new JdkClientHttpRequestFactory())
                    .build();
        }

        @Resilient("http")
        public String item(String id) {
            return client.get().uri("/items/" + id).retrieve().body(String.class);
        }
    }

    @Test
    void aResilientMethodOnTheHttpPresetRetriesTheClientsTransientStatusExceptions() {
        server.reply(Reply.of(503), Reply.of(429), Reply.of(200, "item"));
        FAST.withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class))
                .withPropertyValues("resilient.http.client.enabled=false")
                .withBean(Catalog.class, () -> new Catalog(server.uri("")))
                .run(context -> {
                    assertThat(context.getBean(Catalog.class).item("7")).isEqualTo("item");
                    assertThat(server.requests()).isEqualTo(3);
                });
    }

    @ParameterizedTest
    @EnumSource(HttpClients.class)
    void requestsToAHostNamedByAClientUseThatClientsProfile(HttpClients kind) {
        server.reply(Reply.of(503));
        FAST.withPropertyValues(
                        "resilient.profiles.once.retry.max-attempts=1",
                        "resilient.http.client.clients.payments.profile=once",
                        "resilient.http.client.clients.payments.hosts=localhost")
                .run(context -> {
                    catchThrowable(() ->
                            kind.caller(context, server.uri("localhost", "")).get("/pay"));
                    assertThat(server.requests()).isEqualTo(1);
                    assertThat(registry(context).find("payments")).isPresent();

                    catchThrowable(() -> kind.caller(context, server.uri("")).get("/other"));
                    assertThat(server.requests()).isEqualTo(5);
                });
    }

    /** HTTP service groups, as Spring Boot registers them from {@code spring.http.serviceclient.*}. */
    @Configuration(proxyBeanMethods = false)
    @org.springframework.web.service.registry.ImportHttpServices(group = "inventory", types = HttpClients.Api.class)
    @org.springframework.web.service.registry.ImportHttpServices(group = "catalog", types = CatalogApi.class)
    static class ServiceGroups {}

    /** A second interface client, in its own group. */
    interface CatalogApi {
        @GetExchange("/{path}")
        String get(@PathVariable String path);
    }

    @Test
    void anHttpServiceGroupNamedInThePropertiesGetsItsOwnProfile() {
        server.reply(Reply.of(503));
        FAST.withConfiguration(AutoConfigurations.of(
                        org.springframework.boot.http.client.autoconfigure.service
                                .HttpServiceClientPropertiesAutoConfiguration.class,
                        org.springframework.boot.restclient.autoconfigure.service.HttpServiceClientAutoConfiguration
                                .class))
                .withUserConfiguration(ServiceGroups.class)
                .withPropertyValues(
                        "spring.http.serviceclient.inventory.base-url=" + server.uri(""),
                        "spring.http.serviceclient.catalog.base-url=" + server.uri(""),
                        "resilient.profiles.once.retry.max-attempts=1",
                        "resilient.http.client.clients.inventory.profile=once")
                .run(context -> {
                    catchThrowable(() -> context.getBean(HttpClients.Api.class).get("i"));
                    assertThat(server.requests()).isEqualTo(1);
                    assertThat(registry(context).find("inventory")).isPresent();

                    // the other group keeps the shared settings
                    catchThrowable(() -> context.getBean(CatalogApi.class).get("c"));
                    assertThat(server.requests()).isEqualTo(5);
                });
    }

    @Test
    void anUnknownClientProfileFailsTheStartUpNamingTheProperty() {
        FAST.withPropertyValues("resilient.http.client.clients.inventory.profile=nope")
                .run(context -> assertThat(context)
                        .getFailure()
                        .hasStackTraceContaining("resilient.http.client.clients.inventory.profile")
                        .hasStackTraceContaining("'nope'"));
    }

    @Test
    void aClientProfileWhoseAttemptTimeoutIsNotBelowItsTotalTimeoutFailsTheStartUp() {
        FAST.withPropertyValues(
                        "resilient.profiles.slow.timeout=30s",
                        "resilient.profiles.slow.total-timeout=30s",
                        "resilient.http.client.clients.inventory.profile=slow")
                .run(context -> assertThat(context)
                        .getFailure()
                        .hasStackTraceContaining("resilient.profiles.slow.timeout")
                        .hasStackTraceContaining("must be less than the total timeout"));
    }

    @Test
    void aClientProfileWhoseRetryDelaysDoNotFitItsTotalTimeoutFailsTheStartUp() {
        FAST.withPropertyValues(
                        "resilient.profiles.slow.retry.max-attempts=4",
                        "resilient.profiles.slow.retry.delay=10s",
                        "resilient.profiles.slow.total-timeout=30s",
                        "resilient.http.client.clients.inventory.profile=slow")
                .run(context ->
                        assertThat(context).getFailure().hasStackTraceContaining("does not fit in the total timeout"));
    }

    // --- @Resilient on @HttpExchange methods ----------------------------------------------------------

    /** An HTTP interface client whose methods are themselves {@code @Resilient}. */
    interface RetriedApi {
        @Resilient(value = "http", maxAttempts = "2")
        @GetExchange("/{path}")
        String get(@PathVariable String path);

        @Resilient(value = "http", maxAttempts = "2")
        @GetExchange("/{path}")
        Mono<String> getMono(@PathVariable String path);
    }

    @Configuration(proxyBeanMethods = false)
    static class RetriedApis {
        static URI base;

        @Bean
        RetriedApi blockingApi(RestClient.Builder builder) {
            RestClient client = builder.baseUrl(base.toString())
                    .requestFactory(new JdkClientHttpRequestFactory())
                    .build();
            return HttpServiceProxyFactory.builderFor(RestClientAdapter.create(client))
                    .build()
                    .createClient(RetriedApi.class);
        }

        @Bean
        RetriedApi reactiveApi(WebClient.Builder builder) {
            WebClient client = builder.baseUrl(base.toString())
                    .clientConnector(new JdkClientHttpConnector())
                    .build();
            return HttpServiceProxyFactory.builderFor(WebClientAdapter.create(client))
                    .build()
                    .createClient(RetriedApi.class);
        }
    }

    private static int statusInChain(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (HttpClients.status(t) > 0) {
                return HttpClients.status(t);
            }
        }
        return -1;
    }

    @Test
    @org.junit.jupiter.api.extension.ExtendWith(org.springframework.boot.test.system.OutputCaptureExtension.class)
    void aResilientHttpExchangeMethodIsRetriedByItsOwnPipelineOnly(
            org.springframework.boot.test.system.CapturedOutput output) {
        server.reply(Reply.of(503));
        RetriedApis.base = server.uri("");
        FAST.withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class))
                .withUserConfiguration(RetriedApis.class)
                .run(context -> {
                    RetriedApi blocking = context.getBean("blockingApi", RetriedApi.class);
                    Throwable failure = catchThrowable(() -> blocking.get("x"));
                    // the method's own exhaustion semantics apply (the 503 itself, or wrapped in
                    // RetryExhaustedException where a profile asks for it)
                    assertThat(statusInChain(failure)).as("%s", failure).isEqualTo(503);
                    // 2 attempts of the method, each one request: not 2 x 4
                    assertThat(server.requests()).isEqualTo(2);

                    RetriedApi reactive = context.getBean("reactiveApi", RetriedApi.class);
                    failure = catchThrowable(() -> reactive.getMono("y").block(HttpClients.BLOCK));
                    assertThat(statusInChain(failure)).as("%s", failure).isEqualTo(503);
                    assertThat(server.requests()).isEqualTo(4);
                    assertThat(failure).isNotNull();
                    // the client's pipeline still saw every request
                    assertThat(registry(context)
                                    .find("http-client")
                                    .orElseThrow()
                                    .stats()
                                    .calls())
                            .isEqualTo(4);
                    // the client's log says why it did not retry a GET: the method does
                    assertThat(output.getOut() + output.getErr())
                            .contains("not retried here: the enclosing @Resilient method retries the call")
                            .doesNotContain("not safe to repeat");
                });
    }
}
