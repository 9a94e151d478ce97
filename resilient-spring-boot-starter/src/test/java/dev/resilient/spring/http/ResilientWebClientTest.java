package dev.resilient.spring.http;

import static dev.resilient.spring.http.LoopbackServer.Reply;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.resilient.ResilienceRuntime;
import dev.resilient.circuitbreaker.CircuitBreaker;
import dev.resilient.circuitbreaker.CircuitBreakerOpenException;
import dev.resilient.pipeline.ResiliencePipeline;
import dev.resilient.time.ManualTime;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.client.reactive.JdkClientHttpConnector;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientResponseException;
import reactor.core.publisher.Mono;
import reactor.util.context.Context;

class ResilientWebClientTest {

    private static final Duration BLOCK = Duration.ofSeconds(10);

    private LoopbackServer server;
    private ResilienceRuntime runtime;
    private ResiliencePipeline pipeline;
    private WebClient client;

    @BeforeEach
    void setUp() throws IOException {
        server = new LoopbackServer();
        runtime = ResilienceRuntime.defaults();
        pipeline = TestPipelines.pipeline("reactive", runtime);
        client = client(pipeline, HttpFailurePolicy.ofDefaults());
    }

    private static WebClient client(ResiliencePipeline pipeline, HttpFailurePolicy policy) {
        return WebClient.builder()
                .clientConnector(new JdkClientHttpConnector())
                .filter(ResilientHttp.filter(pipeline, policy))
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
    void everyAttemptSeesTheSubscribersReactorContext() {
        server.reply(Reply.of(503), Reply.of(200, "hello"));
        WebClient withRequestId = WebClient.builder()
                .clientConnector(new JdkClientHttpConnector())
                .filter(ResilientHttp.filter(pipeline, HttpFailurePolicy.ofDefaults()))
                // a filter further in, reading the subscriber's Context as tracing or security would
                .filter((request, next) -> Mono.deferContextual(context -> next.exchange(ClientRequest.from(request)
                        .header("X-Request-Id", context.getOrDefault("requestId", "none"))
                        .build())))
                .build();

        String body = withRequestId
                .get()
                .uri(server.uri("/things"))
                .retrieve()
                .bodyToMono(String.class)
                .contextWrite(Context.of("requestId", "r-42"))
                .block(BLOCK);

        assertThat(body).isEqualTo("hello");
        assertThat(server.received())
                .extracting(request -> request.header("X-Request-Id"))
                .containsExactly("r-42", "r-42");
    }

    @Test
    void a503ThenA200GivesThe200AfterOneRetry() {
        server.reply(Reply.of(503), Reply.of(200, "hello"));

        ResponseEntity<String> response = client.get()
                .uri(server.uri("/things"))
                .retrieve()
                .toEntity(String.class)
                .block(BLOCK);

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(response.getBody()).isEqualTo("hello");
        assertThat(server.requests()).isEqualTo(2);
        assertThat(pipeline.stats().retries()).isEqualTo(1);
        assertThat(breaker().stats().failed()).isEqualTo(1);
        assertThat(breaker().stats().successful()).isEqualTo(1);
    }

    @Test
    void alwaysFailingEndsWithTheLastResponseAndItsBody() {
        server.reply(Reply.of(503, "down 1"), Reply.of(503, "down 2"), Reply.of(503, "down 3"));

        assertThatThrownBy(() -> client.get()
                        .uri(server.uri("/down"))
                        .retrieve()
                        .toEntity(String.class)
                        .block(BLOCK))
                .isInstanceOfSatisfying(WebClientResponseException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
                    assertThat(e.getResponseBodyAsString()).isEqualTo("down 3");
                });
        assertThat(server.requests()).isEqualTo(3);
        assertThat(breaker().stats().failed()).isEqualTo(3);
        assertThat(pipeline.stats().failures()).isEqualTo(1);
    }

    @Test
    void exchangeSeesTheLastResponseWhichCanBeReadAgain() {
        server.reply(Reply.of(500, "boom"));

        ClientResponse last =
                client.get().uri(server.uri("/x")).exchangeToMono(Mono::just).block(BLOCK);

        assertThat(last.statusCode().value()).isEqualTo(500);
        assertThat(last.headers().contentType())
                .hasValueSatisfying(type -> assertThat(type.toString()).startsWith("text/plain"));
        assertThat(server.requests()).isEqualTo(3);
    }

    @Test
    void theKeptBodyIsCappedOrDroppedByThePolicy() {
        server.reply(Reply.of(500, "a very long error page"));

        WebClient capped =
                client(pipeline, HttpFailurePolicy.builder().maxBufferedBody(4).build());
        assertThatThrownBy(() -> capped.get()
                        .uri(server.uri("/x"))
                        .retrieve()
                        .toEntity(String.class)
                        .block(BLOCK))
                .isInstanceOfSatisfying(WebClientResponseException.class, e -> assertThat(e.getResponseBodyAsString())
                        .isEqualTo("a ve"));

        WebClient dropped =
                client(pipeline, HttpFailurePolicy.builder().maxBufferedBody(0).build());
        assertThatThrownBy(() -> dropped.get()
                        .uri(server.uri("/x"))
                        .retrieve()
                        .toEntity(String.class)
                        .block(BLOCK))
                .isInstanceOfSatisfying(WebClientResponseException.class, e -> {
                    assertThat(e.getStatusCode().value()).isEqualTo(500);
                    assertThat(e.getResponseBodyAsString()).isEmpty();
                });
        assertThat(server.requests()).isEqualTo(6);
    }

    @Test
    void anOpenCircuitRejectsWithoutReachingTheServer() {
        breaker().transitionToOpen();

        assertThatThrownBy(() -> client.get()
                        .uri(server.uri("/x"))
                        .retrieve()
                        .toBodilessEntity()
                        .block(BLOCK))
                .isInstanceOf(CircuitBreakerOpenException.class);
        assertThat(server.requests()).isZero();
    }

    @Test
    void a404IsNotAFailure() {
        server.reply(Reply.of(404));

        assertThatThrownBy(() -> client.get()
                        .uri(server.uri("/missing"))
                        .retrieve()
                        .toBodilessEntity()
                        .block(BLOCK))
                .isInstanceOfSatisfying(WebClientResponseException.class, e -> assertThat(e.getStatusCode())
                        .isEqualTo(HttpStatus.NOT_FOUND));
        assertThat(server.requests()).isEqualTo(1);
        assertThat(pipeline.stats().retries()).isZero();
        assertThat(breaker().stats().failed()).isZero();
    }

    @Test
    void eachSubscriptionIsOneCall() {
        server.reply(Reply.of(200, "a"));
        Mono<String> body = client.get().uri(server.uri("/x")).retrieve().bodyToMono(String.class);

        assertThat(server.requests()).isZero();
        body.block(BLOCK);
        body.block(BLOCK);

        assertThat(server.requests()).isEqualTo(2);
        assertThat(pipeline.stats().calls()).isEqualTo(2);
    }

    @Test
    void retryAfterIsWaitedOnTheSchedulerWithoutBlocking() {
        ManualTime time = new ManualTime();
        ResiliencePipeline manual = TestPipelines.pipeline("manual", ResilienceRuntime.manual(time));
        WebClient manualClient = client(manual, HttpFailurePolicy.ofDefaults());
        server.reply(Reply.retryAfter(429, "2"), Reply.of(200, "later"));

        CompletableFuture<String> result = manualClient
                .get()
                .uri(server.uri("/limited"))
                .retrieve()
                .bodyToMono(String.class)
                .toFuture();

        await().atMost(10, TimeUnit.SECONDS).until(() -> time.pendingTasks() == 1);
        assertThat(server.requests()).isEqualTo(1);
        time.advance(Duration.ofMillis(1999));
        assertThat(server.requests()).isEqualTo(1);
        assertThat(result).isNotDone();

        time.advance(Duration.ofMillis(1));

        assertThat(result).succeedsWithin(Duration.ofSeconds(10)).isEqualTo("later");
        assertThat(server.requests()).isEqualTo(2);
    }

    @Test
    void cancellingStopsAPendingRetry() {
        ManualTime time = new ManualTime();
        ResiliencePipeline manual = TestPipelines.pipeline("cancel", ResilienceRuntime.manual(time));
        WebClient manualClient = client(manual, HttpFailurePolicy.ofDefaults());
        server.reply(Reply.retryAfter(503, "5"), Reply.of(200, "later"));

        CompletableFuture<String> result = manualClient
                .get()
                .uri(server.uri("/c"))
                .retrieve()
                .bodyToMono(String.class)
                .toFuture();
        await().atMost(10, TimeUnit.SECONDS).until(() -> time.pendingTasks() == 1);

        result.cancel(true);

        assertThat(time.pendingTasks()).as("the retry wait is cancelled").isZero();
        time.advance(Duration.ofSeconds(10));

        assertThat(server.requests()).isEqualTo(1);
    }
}
