package dev.resilient.spring.http;

import static dev.resilient.spring.http.LoopbackServer.Reply;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.resilient.pipeline.ResiliencePipeline;
import dev.resilient.pipeline.ResilienceRegistry;
import dev.resilient.retry.RetryExhaustedException;
import dev.resilient.spring.actuate.ResilienceEndpoint;
import dev.resilient.spring.actuate.ResilientActuatorAutoConfiguration;
import dev.resilient.spring.autoconfigure.ResilientAutoConfiguration;
import dev.resilient.spring.metrics.ResilientMetricsAutoConfiguration;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration;
import org.springframework.boot.restclient.autoconfigure.RestTemplateAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;
import org.springframework.context.ApplicationContext;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.reactive.function.client.WebClientRequestException;

/**
 * Every HTTP client integration through the auto-configured starter, with the built-in {@code http}
 * profile (its retry delay shortened where a test waits on real time), against a real HTTP server
 * on loopback.
 */
class HttpClientIntegrationTest {

    static final ApplicationContextRunner STARTER = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    MetricsAutoConfiguration.class,
                    SimpleMetricsExportAutoConfiguration.class,
                    CompositeMeterRegistryAutoConfiguration.class,
                    EndpointAutoConfiguration.class,
                    ResilientMetricsAutoConfiguration.class,
                    ResilientAutoConfiguration.class,
                    ResilientActuatorAutoConfiguration.class,
                    ResilientHttpClientAutoConfiguration.class,
                    RestClientAutoConfiguration.class,
                    RestTemplateAutoConfiguration.class,
                    WebClientAutoConfiguration.class))
            .withPropertyValues(
                    "resilient.http.client.enabled=true",
                    "resilient.http.client.profile=http",
                    "management.endpoints.web.exposure.include=resilience");

    /** The http preset, its first delay cut to 10 ms so that real-time tests stay short. */
    static final ApplicationContextRunner FAST = STARTER.withPropertyValues("resilient.profiles.http.retry.delay=10ms");

    private LoopbackServer server;

    @BeforeEach
    void start() throws IOException {
        server = new LoopbackServer();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private URI base() {
        return server.uri("");
    }

    private static ResiliencePipeline instance(ApplicationContext context, String name) {
        return context.getBean(ResilienceRegistry.class).find(name).orElseThrow();
    }

    static boolean causedBy(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    // --- 1. status-based retries ------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(HttpClients.class)
    void a503ThenA200SucceedsWithTwoRequests(HttpClients kind) {
        server.reply(Reply.of(503), Reply.of(200, "hello"));
        FAST.run(context -> {
            assertThat(kind.caller(context, base()).get("/things")).isEqualTo("hello");

            assertThat(server.requests()).isEqualTo(2);
            ResiliencePipeline pipeline = instance(context, "http-client");
            assertThat(pipeline.stats().retries()).isEqualTo(1);
            assertThat(pipeline.stats().successes()).isEqualTo(1);
        });
    }

    @ParameterizedTest
    @EnumSource(HttpClients.class)
    void a429WithRetryAfterWaitsAtLeastTheHint(HttpClients kind) {
        server.reply(Reply.retryAfter(429, "1"), Reply.of(200, "later"));
        FAST.run(context -> {
            assertThat(kind.caller(context, base()).get("/limited")).isEqualTo("later");

            assertThat(server.requests()).isEqualTo(2);
            long gap = server.requestNanos().get(1) - server.requestNanos().get(0);
            // the computed delay is at most 10 ms: only the Retry-After hint explains a 1 s gap
            assertThat(Duration.ofNanos(gap)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        });
    }

    @ParameterizedTest
    @EnumSource(HttpClients.class)
    void everyDocumentedTransientStatusIsRetried(HttpClients kind) {
        server.reply(Reply.of(408), Reply.of(429), Reply.of(500), Reply.of(200, "fourth time lucky"));
        FAST.run(context -> {
            assertThat(kind.caller(context, base()).get("/flaky")).isEqualTo("fourth time lucky");
            assertThat(server.requests()).isEqualTo(4);
        });
    }

    @ParameterizedTest
    @EnumSource(HttpClients.class)
    void theStatusThatGaveUpReachesTheCallerAsSpringsUsualException(HttpClients kind) {
        server.reply(Reply.of(503, "down"));
        FAST.run(context -> {
            Throwable failure =
                    catchThrowable(() -> kind.caller(context, base()).get("/down"));

            assertThat(HttpClients.status(failure)).as("status of %s", failure).isEqualTo(503);
            assertThat(failure.getClass().getName())
                    .isIn(
                            "org.springframework.web.client.HttpServerErrorException$ServiceUnavailable",
                            "org.springframework.web.reactive.function.client.WebClientResponseException$ServiceUnavailable");
            assertThat(server.requests()).isEqualTo(4); // the preset's 4 attempts
            ResiliencePipeline pipeline = instance(context, "http-client");
            assertThat(pipeline.stats().retries()).isEqualTo(3);
            assertThat(pipeline.stats().failures()).isEqualTo(1);
            // the attempts are visible in the instance's recent events
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> events = (List<Map<String, Object>>) context.getBean(ResilienceEndpoint.class)
                    .instance("http-client")
                    .get("events");
            assertThat(events).filteredOn(e -> "RETRY".equals(e.get("type"))).hasSize(3);
        });
    }

    @org.junit.jupiter.api.Test
    @org.junit.jupiter.api.extension.ExtendWith(org.springframework.boot.test.system.OutputCaptureExtension.class)
    void theAttemptsAreVisibleInTheLogs(org.springframework.boot.test.system.CapturedOutput output) {
        server.reply(Reply.of(503));
        FAST.run(context -> {
            catchThrowable(() -> HttpClients.restClient(context, base())
                    .get()
                    .uri("/down")
                    .retrieve()
                    .toBodilessEntity());
            assertThat(output.getAll())
                    .contains("http-client attempt 1 failed")
                    .contains("http-client attempt 3 failed")
                    .contains("http-client gave up after 4 attempts")
                    .contains("HTTP 503 from GET http://127.0.0.1:" + server.port() + "/down");
        });
    }

    @ParameterizedTest
    @EnumSource(HttpClients.class)
    void aNonTransientStatusIsNotRetried(HttpClients kind) {
        server.reply(Reply.of(404), Reply.of(200));
        FAST.run(context -> {
            Throwable failure =
                    catchThrowable(() -> kind.caller(context, base()).get("/missing"));
            assertThat(HttpClients.status(failure)).isEqualTo(404);
            assertThat(server.requests()).isEqualTo(1);
        });
    }

    @ParameterizedTest
    @EnumSource(HttpClients.class)
    void aTimedOutAttemptIsRetried(HttpClients kind) {
        server.reply(Reply.stall(10_000, 200, "too late"), Reply.of(200, "in time"));
        FAST.withPropertyValues("resilient.profiles.http.timeout=1s").run(context -> {
            assertThat(kind.caller(context, base()).get("/slow")).isEqualTo("in time");
            assertThat(server.requests()).isEqualTo(2);
        });
    }

    @ParameterizedTest
    @EnumSource(HttpClients.class)
    void theTotalTimeoutBoundsTheWholeCallRetriesIncluded(HttpClients kind) {
        server.reply(Reply.stall(10_000, 200, "too late"));
        FAST.withPropertyValues("resilient.profiles.http.timeout=200ms", "resilient.profiles.http.total-timeout=500ms")
                .run(context -> {
                    long start = System.nanoTime();
                    Throwable failure =
                            catchThrowable(() -> kind.caller(context, base()).get("/slow"));
                    Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

                    // the total timeout's own exception (500 ms), not an attempt's (200 ms)
                    assertThat(failure)
                            .isInstanceOfSatisfying(
                                    dev.resilient.timeout.TimeoutExceededException.class,
                                    e -> assertThat(e.timeout()).isEqualTo(Duration.ofMillis(500)));
                    assertThat(elapsed).isLessThan(Duration.ofSeconds(5)); // the server stalls for 10 s
                    assertThat(server.requests()).isBetween(1, 3);
                });
    }

    @ParameterizedTest
    @EnumSource(HttpClients.class)
    void ioFailuresEndInTheClientsUsualExceptionWithTheAttemptsAttached(HttpClients kind) throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        FAST.run(context -> {
            Throwable failure = catchThrowable(() -> kind.caller(context, URI.create("http://127.0.0.1:" + closedPort))
                    .get("/x"));

            assertThat(failure).isInstanceOfAny(ResourceAccessException.class, WebClientRequestException.class);
            assertThat(causedBy(failure, ConnectException.class))
                    .as("caused by %s", failure)
                    .isTrue();
            Throwable io = kind.reactive() ? failure : failure.getCause();
            assertThat(io.getSuppressed()).anySatisfy(s -> assertThat(s)
                    .isInstanceOfSatisfying(RetryExhaustedException.class, e -> assertThat(e.attempts())
                            .isEqualTo(4)));
        });
    }

    // --- 2. idempotent-only by default -------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(HttpClients.class)
    void aPostAfterA503IsSentOnceByDefault(HttpClients kind) {
        server.reply(Reply.of(503), Reply.of(200, "created"));
        FAST.run(context -> {
            Throwable failure =
                    catchThrowable(() -> kind.caller(context, base()).post("/charge", "{}", Map.of()));
            assertThat(HttpClients.status(failure)).isEqualTo(503);
            assertThat(server.requests()).isEqualTo(1);
            // the breaker still counts the failure
            assertThat(instance(context, "http-client")
                            .circuitBreaker()
                            .orElseThrow()
                            .stats()
                            .failed())
                    .isEqualTo(1);
        });
    }

    @ParameterizedTest
    @EnumSource(HttpClients.class)
    void aPostAfterAResetIsSentOnceByDefault(HttpClients kind) {
        server.reply(Reply.reset(), Reply.of(200, "created"));
        FAST.run(context -> {
            Throwable failure =
                    catchThrowable(() -> kind.caller(context, base()).post("/reset", "{}", Map.of()));
            assertThat(failure).isInstanceOfAny(ResourceAccessException.class, WebClientRequestException.class);
            assertThat(failure).rootCause().isNotInstanceOf(UnsafeHttpRequestException.class);
            assertThat(server.requests()).isEqualTo(1);
        });
    }

    @ParameterizedTest
    @EnumSource(HttpClients.class)
    void aPostWithAnIdempotencyKeyIsSentTwiceAfterA503AndAfterAResetWithTheSameBodyAndHeaders(HttpClients kind) {
        FAST.run(context -> {
            HttpClients.Caller caller = kind.caller(context, base());
            String body = "{\"amount\":42}";
            Map<String, String> headers = Map.of("Idempotency-Key", "k-123", "X-Trace", "t-1");
            for (Reply failure : List.of(Reply.of(503), Reply.reset())) {
                server.received().clear();
                server.reply(failure, Reply.of(200, "created"));

                assertThat(caller.post("/charge", body, headers)).isEqualTo("created");

                assertThat(server.received()).as("after %s", failure).hasSize(2);
                assertThat(server.received()).allSatisfy(request -> {
                    assertThat(request.method()).isEqualTo("POST");
                    assertThat(request.body()).isEqualTo(body);
                    assertThat(request.header("Idempotency-Key")).isEqualTo("k-123");
                    assertThat(request.header("X-Trace")).isEqualTo("t-1");
                });
            }
        });
    }

    @ParameterizedTest
    @EnumSource(HttpClients.class)
    void aPostIsSentTwiceAfterA503AndAfterAResetWhenOptedIn(HttpClients kind) {
        FAST.withPropertyValues("resilient.http.client.retry-unsafe-methods=true")
                .run(context -> {
                    HttpClients.Caller caller = kind.caller(context, base());
                    for (Reply failure : List.of(Reply.of(503), Reply.reset())) {
                        server.received().clear();
                        server.reply(failure, Reply.of(200, "created"));

                        assertThat(caller.post("/charge", "{}", Map.of())).isEqualTo("created");
                        assertThat(server.received()).as("after %s", failure).hasSize(2);
                    }
                });
    }

    @ParameterizedTest
    @EnumSource(HttpClients.class)
    void aPostThatCouldNotConnectIsRetried(HttpClients kind) throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        FAST.run(context -> {
            assertThatThrownBy(() -> kind.caller(context, URI.create("http://127.0.0.1:" + closedPort))
                            .post("/charge", "{}", Map.of()))
                    .satisfies(failure -> assertThat(causedBy(failure, ConnectException.class))
                            .isTrue());
            assertThat(instance(context, "http-client").stats().retries()).isEqualTo(3);
        });
    }

    /** A body publisher that can be subscribed to once only, like a stream read from a socket or file. */
    private static reactor.core.publisher.Flux<org.springframework.core.io.buffer.DataBuffer> oneShot(String text) {
        java.util.concurrent.atomic.AtomicBoolean used = new java.util.concurrent.atomic.AtomicBoolean();
        return reactor.core.publisher.Flux.defer(() -> {
            if (!used.compareAndSet(false, true)) {
                return reactor.core.publisher.Flux.error(new IllegalStateException("the body was already read"));
            }
            return reactor.core.publisher.Flux.just(
                    org.springframework.core.io.buffer.DefaultDataBufferFactory.sharedInstance.wrap(
                            text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        });
    }

    @org.junit.jupiter.api.Test
    void aWebClientBodyThatCanBeReadOnceIsReplayedFromItsKeptCopy() {
        server.reply(Reply.of(503), Reply.of(200, "created"));
        FAST.run(context -> {
            String result = HttpClients.webClient(context, base())
                    .post()
                    .uri("/upload")
                    .header("Idempotency-Key", "k-1")
                    .contentType(org.springframework.http.MediaType.TEXT_PLAIN)
                    .body(oneShot("payload"), org.springframework.core.io.buffer.DataBuffer.class)
                    .retrieve()
                    .bodyToMono(String.class)
                    .block(HttpClients.BLOCK);

            assertThat(result).isEqualTo("created");
            assertThat(server.received()).hasSize(2).allSatisfy(request -> {
                assertThat(request.body()).isEqualTo("payload");
                assertThat(request.header("Content-Type")).startsWith("text/plain");
            });
        });
    }

    @org.junit.jupiter.api.Test
    void aWebClientBodyLargerThanTheKeptMaximumIsNotRetried() {
        server.reply(Reply.of(503), Reply.of(200, "created"));
        FAST.withPropertyValues("resilient.http.client.max-buffered-body=16B").run(context -> {
            Throwable failure = catchThrowable(() -> HttpClients.webClient(context, base())
                    .put()
                    .uri("/upload")
                    .body(
                            oneShot("a body of more than sixteen bytes"),
                            org.springframework.core.io.buffer.DataBuffer.class)
                    .retrieve()
                    .bodyToMono(String.class)
                    .block(HttpClients.BLOCK));

            assertThat(HttpClients.status(failure)).isEqualTo(503);
            assertThat(server.requests()).isEqualTo(1);
        });
    }

    @org.junit.jupiter.api.Test
    void aRestClientStreamBodyIsBufferedBySpringAndSentAgainOnRetry() {
        server.reply(Reply.of(503), Reply.of(200, "stored"));
        FAST.run(context -> {
            byte[] bytes = "streamed bytes".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            String result = HttpClients.restClient(context, base())
                    .put()
                    .uri("/file")
                    .contentType(org.springframework.http.MediaType.APPLICATION_OCTET_STREAM)
                    .body(new org.springframework.core.io.InputStreamResource(new java.io.ByteArrayInputStream(bytes)))
                    .retrieve()
                    .body(String.class);

            assertThat(result).isEqualTo("stored");
            assertThat(server.received()).hasSize(2).allSatisfy(request -> assertThat(request.body())
                    .isEqualTo("streamed bytes"));
        });
    }

    @ParameterizedTest
    @EnumSource(HttpClients.class)
    void aRetryAfterHintCountsAgainstTheTotalTimeout(HttpClients kind) {
        server.reply(Reply.retryAfter(503, "20"), Reply.of(200, "too late"));
        FAST.withPropertyValues("resilient.profiles.http.total-timeout=1s", "resilient.profiles.http.timeout=500ms")
                .run(context -> {
                    long start = System.nanoTime();
                    Throwable failure =
                            catchThrowable(() -> kind.caller(context, base()).get("/wait"));
                    // a 20 s hint does not fit in the 1 s total timeout: the retry gives up at once with
                    // the 503 (the client's usual exception) instead of waiting past the budget
                    assertThat(HttpClients.status(failure)).isEqualTo(503);
                    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
                    assertThat(server.requests()).isEqualTo(1);
                });
    }

    @org.junit.jupiter.api.Test
    void putAndDeleteAreRetriedAndPatchIsNot() {
        FAST.run(context -> {
            org.springframework.web.client.RestClient client = HttpClients.restClient(context, base());
            server.reply(Reply.of(503), Reply.of(200, "put"));
            assertThat(client.put().uri("/p").body("x").retrieve().body(String.class))
                    .isEqualTo("put");
            server.reply(Reply.of(503), Reply.of(200, "deleted"));
            assertThat(client.delete().uri("/d").retrieve().body(String.class)).isEqualTo("deleted");
            assertThat(server.requests()).isEqualTo(4);

            server.reply(Reply.of(503), Reply.of(200, "patched"));
            Throwable failure = catchThrowable(
                    () -> client.patch().uri("/q").body("x").retrieve().body(String.class));
            assertThat(HttpClients.status(failure)).isEqualTo(503);
            assertThat(server.requests()).isEqualTo(5);
        });
    }

    // --- the preset's own settings, on a manual clock ---------------------------------------------

    /** A manual runtime: the retries' waits advance the clock instead of sleeping. */
    @org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
    static class ManualRuntime {
        static final dev.resilient.time.ManualTime TIME = new dev.resilient.time.ManualTime(1_700_000_000_000L);

        @org.springframework.context.annotation.Bean
        dev.resilient.ResilienceRuntime resilienceRuntime() {
            return dev.resilient.ResilienceRuntime.manual(TIME);
        }
    }

    @org.junit.jupiter.api.Test
    void theBarePresetMakesFourAttemptsWithExponentialJitteredDelaysFromTwoSeconds() {
        server.reply(Reply.of(503));
        STARTER.withUserConfiguration(ManualRuntime.class).run(context -> {
            Duration before = ManualRuntime.TIME.elapsed();
            Throwable failure = catchThrowable(() -> HttpClients.restClient(context, base())
                    .get()
                    .uri("/down")
                    .retrieve()
                    .toBodilessEntity());

            assertThat(HttpClients.status(failure)).isEqualTo(503);
            assertThat(server.requests()).isEqualTo(4);
            // full jitter: each wait is in [0, 2 s], [0, 4 s], [0, 8 s]
            assertThat(ManualRuntime.TIME.elapsed().minus(before)).isLessThanOrEqualTo(Duration.ofSeconds(14));
            ResiliencePipeline pipeline = instance(context, "http-client");
            // .NET's standard handler: rate limit 1000 -> total timeout 30 s -> retry 4 attempts,
            // exponential with jitter from 2 s -> breaker 10 % over >= 100 calls in 30 s, 5 s open
            // -> attempt timeout 10 s
            assertThat(pipeline.config().describe().toString())
                    .contains("limit=1000, period=PT1S")
                    .contains("maxAttempts=4, backoff=exponential, baseDelay=2s, multiplier=2.0")
                    .contains("jitter=full")
                    .contains("failureRateThreshold=10.0")
                    .contains("slidingWindowType=TIME_BASED, slidingWindowSize=30, minimumNumberOfCalls=100, "
                            + "recoveryTimeout=PT5S")
                    .contains("timeout=TimeoutConfig{timeout=PT10S");
            assertThat(context.getBean(dev.resilient.spring.internal.ResilientPipelines.class)
                            .profileOf("http-client")
                            .totalTimeout())
                    .isEqualTo(Duration.ofSeconds(30));
        });
    }

    @org.junit.jupiter.api.Test
    void retryAfterAsAnHttpDateIsHonouredAgainstTheRuntimeClock() {
        // 1_700_000_000 s is Tue, 14 Nov 2023 22:13:20 GMT; the manual clock starts there
        STARTER.withUserConfiguration(ManualRuntime.class).run(context -> {
            long now = ManualRuntime.TIME.currentTimeMillis();
            String date = java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME.format(
                    java.time.Instant.ofEpochMilli(now + 7_000).atZone(java.time.ZoneOffset.UTC));
            server.reply(Reply.retryAfter(503, date), Reply.of(200, "later"));
            Duration before = ManualRuntime.TIME.elapsed();

            assertThat(HttpClients.restClient(context, base())
                            .get()
                            .uri("/d")
                            .retrieve()
                            .body(String.class))
                    .isEqualTo("later");
            // the date has whole seconds: the wait is the 7 s hint, less the milliseconds of now
            assertThat(ManualRuntime.TIME.elapsed().minus(before))
                    .isBetween(Duration.ofSeconds(6), Duration.ofSeconds(7));
        });
    }

    @org.junit.jupiter.api.Test
    void aHugeRetryAfterIsCappedByMaxRetryAfter() {
        server.reply(Reply.retryAfter(429, "999999"), Reply.of(200, "ok"));
        STARTER.withUserConfiguration(ManualRuntime.class)
                .withPropertyValues("resilient.http.client.max-retry-after=5s")
                .run(context -> {
                    Duration before = ManualRuntime.TIME.elapsed();
                    assertThat(HttpClients.restClient(context, base())
                                    .get()
                                    .uri("/c")
                                    .retrieve()
                                    .body(String.class))
                            .isEqualTo("ok");
                    assertThat(ManualRuntime.TIME.elapsed().minus(before)).isEqualTo(Duration.ofSeconds(5));
                });
    }
}
