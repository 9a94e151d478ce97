package dev.resilient.spring.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import org.springframework.boot.restclient.RestClientCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

/**
 * Where the attempts of a {@code RestClient} request run with the {@code http} preset, what context
 * follows them there, and which interceptors run once per call or once per attempt.
 */
class HttpAttemptThreadTest {

    /** What an interceptor saw: the thread it ran on and the MDC entry of the caller. */
    record Seen(String where, String thread, String requestId) {}

    static final List<Seen> SEEN = new CopyOnWriteArrayList<>();

    private LoopbackServer server;

    @BeforeEach
    void start() throws IOException {
        SEEN.clear();
        server = new LoopbackServer();
    }

    @AfterEach
    void stop() {
        server.close();
        MDC.clear();
    }

    private static ClientHttpRequestInterceptor recording(String where) {
        return (request, body, execution) -> {
            SEEN.add(new Seen(where, Thread.currentThread().getName(), MDC.get("requestId")));
            return execution.execute(request, body);
        };
    }

    @Configuration(proxyBeanMethods = false)
    static class LowestCustomizer {
        @Bean
        @Order(Ordered.LOWEST_PRECEDENCE)
        RestClientCustomizer applicationCustomizer() {
            return builder -> builder.requestInterceptor(recording("customizer"));
        }
    }

    @Test
    void attemptsRunOnACallThreadWithTheCallersMdcAndBuilderInterceptorsRunPerAttempt() {
        HttpClientIntegrationTest.FAST
                .withUserConfiguration(LowestCustomizer.class)
                .run(context -> {
                    server.reply(LoopbackServer.Reply.of(503), LoopbackServer.Reply.of(200, "ok"));
                    RestClient client = context.getBean(RestClient.Builder.class)
                            .baseUrl(server.uri("/").toString())
                            .requestInterceptor(recording("builder"))
                            .requestFactory(new JdkClientHttpRequestFactory())
                            .build();
                    String caller = Thread.currentThread().getName();
                    MDC.put("requestId", "r-42");
                    String body = client.get().retrieve().body(String.class);

                    assertThat(body).isEqualTo("ok");
                    assertThat(server.requests()).isEqualTo(2);
                    // the application's customizer (even LOWEST_PRECEDENCE) is outside: once per call, caller's thread
                    assertThat(SEEN)
                            .filteredOn(s -> s.where().equals("customizer"))
                            .containsExactly(new Seen("customizer", caller, "r-42"));
                    // an interceptor added to the builder afterwards is inside: once per attempt, on a
                    // call thread (the preset's total timeout), with the caller's MDC
                    List<Seen> attempts = SEEN.stream()
                            .filter(s -> s.where().equals("builder"))
                            .toList();
                    assertThat(attempts).hasSize(2).allSatisfy(s -> {
                        assertThat(s.thread()).startsWith("resilient-call-").isNotEqualTo(caller);
                        assertThat(s.requestId()).isEqualTo("r-42");
                    });
                    assertThat(MDC.get("requestId")).isEqualTo("r-42");
                });
    }

    @Test
    void withoutTimeoutsAttemptsRunOnTheCallingThread() {
        HttpClientIntegrationTest.STARTER
                .withPropertyValues(
                        "resilient.http.client.profile=plain",
                        "resilient.profiles.plain.retry.max-attempts=2",
                        "resilient.profiles.plain.retry.delay=10ms")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    server.reply(LoopbackServer.Reply.of(503), LoopbackServer.Reply.of(200, "ok"));
                    RestClient client = context.getBean(RestClient.Builder.class)
                            .baseUrl(server.uri("/").toString())
                            .requestInterceptor(recording("builder"))
                            .requestFactory(new JdkClientHttpRequestFactory())
                            .build();
                    String caller = Thread.currentThread().getName();
                    MDC.put("requestId", "r-7");

                    assertThat(client.get().retrieve().body(String.class)).isEqualTo("ok");
                    assertThat(SEEN)
                            .containsExactly(new Seen("builder", caller, "r-7"), new Seen("builder", caller, "r-7"));
                });
    }
}
