package dev.resilient.spring.http;

import static dev.resilient.spring.http.LoopbackServer.Reply;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.resilient.ResilienceRuntime;
import dev.resilient.circuitbreaker.CircuitBreaker;
import dev.resilient.circuitbreaker.CircuitBreakerOpenException;
import dev.resilient.fallback.FallbackConfig;
import dev.resilient.pipeline.ResiliencePipeline;
import dev.resilient.retry.RetryExhaustedException;
import dev.resilient.time.ManualTime;
import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.HttpServerErrorException;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestTemplate;

class ResilientRestClientTest {

    private LoopbackServer server;
    private ResilienceRuntime runtime;
    private ResiliencePipeline pipeline;
    private RestClient client;

    @BeforeEach
    void setUp() throws IOException {
        server = new LoopbackServer();
        runtime = ResilienceRuntime.defaults();
        pipeline = TestPipelines.pipeline("downstream", runtime);
        client = RestClient.builder()
                .requestFactory(new JdkClientHttpRequestFactory())
                .requestInterceptor(ResilientHttp.interceptor(pipeline))
                .build();
    }

    @AfterEach
    void tearDown() {
        server.close();
        runtime.close();
    }

    private CircuitBreaker breaker() {
        return pipeline.circuitBreaker().orElseThrow();
    }

    @Test
    void a503ThenA200GivesThe200AfterOneRetry() {
        server.reply(Reply.of(503), Reply.of(200, "hello"));

        ResponseEntity<String> response =
                client.get().uri(server.uri("/things")).retrieve().toEntity(String.class);

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(response.getBody()).isEqualTo("hello");
        assertThat(server.requests()).isEqualTo(2);
        assertThat(pipeline.stats().retries()).isEqualTo(1);
        assertThat(pipeline.stats().successes()).isEqualTo(1);
        assertThat(breaker().stats().failed()).isEqualTo(1);
        assertThat(breaker().stats().successful()).isEqualTo(1);
    }

    @Test
    void a429WithRetryAfterWaitsThatLongBeforeRetrying() {
        server.reply(Reply.retryAfter(429, "1"), Reply.of(200, "hello"));

        long start = System.nanoTime();
        String body = client.get().uri(server.uri("/limited")).retrieve().body(String.class);
        long elapsed = System.nanoTime() - start;

        assertThat(body).isEqualTo("hello");
        assertThat(server.requests()).isEqualTo(2);
        long gap = server.requestNanos().get(1) - server.requestNanos().get(0);
        // the retry's own delay is 1 ms: only the server's Retry-After explains a 1 s gap
        assertThat(Duration.ofNanos(gap)).isGreaterThanOrEqualTo(Duration.ofMillis(950));
        assertThat(Duration.ofNanos(elapsed)).isGreaterThanOrEqualTo(Duration.ofMillis(950));
    }

    @Test
    void alwaysFailingEndsWithTheLastResponseHandledByTheClient() {
        server.reply(Reply.of(503, "down 1"), Reply.of(503, "down 2"), Reply.of(503, "down 3"));

        assertThatThrownBy(
                        () -> client.get().uri(server.uri("/down")).retrieve().toEntity(String.class))
                .isInstanceOfSatisfying(HttpServerErrorException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
                    assertThat(e.getResponseBodyAsString()).isEqualTo("down 3");
                });
        assertThat(server.requests()).isEqualTo(3);
        assertThat(breaker().stats().failed()).isEqualTo(3);
        assertThat(breaker().stats().consecutiveFailures()).isEqualTo(3);
        assertThat(pipeline.stats().failures()).isEqualTo(1);
        assertThat(pipeline.stats().retries()).isEqualTo(2);
    }

    @Test
    void onStatusHandlersSeeTheLastFailureResponse() {
        server.reply(Reply.of(502, "bad gateway"));

        String body = client.get()
                .uri(server.uri("/gw"))
                .retrieve()
                .onStatus(status -> status.value() == 502, (request, response) -> {})
                .body(String.class);

        assertThat(body).isEqualTo("bad gateway");
        assertThat(server.requests()).isEqualTo(3);
    }

    @Test
    void anOpenCircuitRejectsWithoutReachingTheServer() {
        breaker().transitionToOpen();

        assertThatThrownBy(() -> client.get().uri(server.uri("/x")).retrieve().toBodilessEntity())
                .isInstanceOf(CircuitBreakerOpenException.class);
        assertThat(server.requests()).isZero();
        assertThat(pipeline.stats().rejections()).isEqualTo(1);
    }

    @Test
    void consecutiveFailingCallsOpenTheCircuit() {
        server.reply(Reply.of(500));
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(
                            () -> client.get().uri(server.uri("/x")).retrieve().toBodilessEntity())
                    .isInstanceOf(HttpServerErrorException.class);
        }
        // 9 failed attempts; the 10th opens the circuit, and the 11th is rejected
        assertThatThrownBy(() -> client.get().uri(server.uri("/x")).retrieve().toBodilessEntity())
                .isInstanceOf(CircuitBreakerOpenException.class);
        assertThat(server.requests()).isEqualTo(10);
    }

    @Test
    void a404IsNotAFailure() {
        server.reply(Reply.of(404));

        assertThatThrownBy(() ->
                        client.get().uri(server.uri("/missing")).retrieve().toBodilessEntity())
                .isInstanceOf(HttpClientErrorException.NotFound.class);
        assertThat(server.requests()).isEqualTo(1);
        assertThat(pipeline.stats().retries()).isZero();
        assertThat(breaker().stats().successful()).isEqualTo(1);
        assertThat(breaker().stats().failed()).isZero();
    }

    @Test
    void configuredStatusesReplaceTheDefaults() {
        client = RestClient.builder()
                .requestFactory(new JdkClientHttpRequestFactory())
                .requestInterceptor(ResilientHttp.interceptor(
                        pipeline,
                        HttpFailurePolicy.builder()
                                .failureStatuses(503)
                                .addFailureStatuses(408)
                                .build()))
                .build();
        server.reply(Reply.of(408), Reply.of(500), Reply.of(200));

        assertThatThrownBy(() -> client.get().uri(server.uri("/x")).retrieve().toBodilessEntity())
                .isInstanceOf(HttpServerErrorException.InternalServerError.class);
        assertThat(server.requests()).isEqualTo(2);
    }

    @Test
    void ioFailuresAreRetriedAndEndInTheClientsUsualExceptionWithTheAttemptsAttached() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }

        // was RetryExhaustedException: the last I/O failure now reaches RestClient, which wraps it
        assertThatThrownBy(() -> client.get()
                        .uri("http://127.0.0.1:" + closedPort + "/x")
                        .retrieve()
                        .toBodilessEntity())
                .isInstanceOfSatisfying(ResourceAccessException.class, e -> {
                    assertThat(e.getCause()).isInstanceOf(ConnectException.class);
                    assertThat(e.getCause().getSuppressed()).anySatisfy(s -> assertThat(s)
                            .isInstanceOfSatisfying(RetryExhaustedException.class, x -> assertThat(x.attempts())
                                    .isEqualTo(3)));
                });
        assertThat(breaker().stats().failed()).isEqualTo(3);
    }

    @Test
    void theKeptBodyOfAFailureResponseIsCapped() {
        client = RestClient.builder()
                .requestFactory(new JdkClientHttpRequestFactory())
                .requestInterceptor(ResilientHttp.interceptor(
                        pipeline, HttpFailurePolicy.builder().maxBufferedBody(4).build()))
                .build();
        server.reply(Reply.of(500, "a very long error page"));

        assertThatThrownBy(() -> client.get().uri(server.uri("/x")).retrieve().toEntity(String.class))
                .isInstanceOfSatisfying(HttpServerErrorException.class, e -> assertThat(e.getResponseBodyAsString())
                        .isEqualTo("a ve"));
        assertThat(server.requests()).isEqualTo(3);
    }

    @Test
    void aFallbackOfTheWrongTypeIsReportedClearly() {
        ResiliencePipeline withFallback = ResiliencePipeline.of(
                "fallback",
                TestPipelines.retryAndBreaker().toBuilder()
                        .fallback(
                                FallbackConfig.builder().value("not a response").build())
                        .build(),
                runtime);
        RestClient fallbackClient = RestClient.builder()
                .requestFactory(new JdkClientHttpRequestFactory())
                .requestInterceptor(ResilientHttp.interceptor(withFallback))
                .build();
        server.reply(Reply.of(503));

        assertThatThrownBy(() ->
                        fallbackClient.get().uri(server.uri("/x")).retrieve().toBodilessEntity())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("fallback")
                .hasMessageContaining("java.lang.String");
    }

    @Test
    void worksWithRestTemplate() {
        RestTemplate template = new RestTemplate(new JdkClientHttpRequestFactory());
        template.getInterceptors()
                .add(new ResilientRestTemplateCustomizer(ResilientHttp.interceptor(pipeline)).interceptor());
        server.reply(Reply.of(500), Reply.of(200, "fine"));

        assertThat(template.getForObject(server.uri("/t"), String.class)).isEqualTo("fine");
        assertThat(server.requests()).isEqualTo(2);
    }

    @Test
    void retryAfterAsAnHttpDateIsReadAgainstThePipelineClock() {
        ManualTime time = new ManualTime(1_700_000_000_000L);
        ResiliencePipeline manual = TestPipelines.pipeline("manual", ResilienceRuntime.manual(time));
        RestClient manualClient = RestClient.builder()
                .requestFactory(new JdkClientHttpRequestFactory())
                .requestInterceptor(ResilientHttp.interceptor(manual))
                .build();
        // 1_700_000_000 s is Tue, 14 Nov 2023 22:13:20 GMT; ask for 7 s later
        server.reply(Reply.retryAfter(503, "Tue, 14 Nov 2023 22:13:27 GMT"), Reply.of(200, "later"));

        assertThat(manualClient.get().uri(server.uri("/d")).retrieve().body(String.class))
                .isEqualTo("later");
        assertThat(time.elapsed()).isEqualTo(Duration.ofSeconds(7));
    }

    @Test
    void hugeRetryAfterIsCappedByThePolicy() {
        ManualTime time = new ManualTime();
        ResiliencePipeline manual = TestPipelines.pipeline("capped", ResilienceRuntime.manual(time));
        RestClient manualClient = RestClient.builder()
                .requestFactory(new JdkClientHttpRequestFactory())
                .requestInterceptor(ResilientHttp.interceptor(
                        manual,
                        HttpFailurePolicy.builder()
                                .maxRetryAfter(Duration.ofSeconds(5))
                                .build()))
                .build();
        server.reply(Reply.retryAfter(429, "999999999999999999999"), Reply.of(200, "ok"));

        assertThat(manualClient.get().uri(server.uri("/c")).retrieve().body(String.class))
                .isEqualTo("ok");
        assertThat(time.elapsed()).isEqualTo(Duration.ofSeconds(5));
    }
}
