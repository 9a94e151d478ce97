package dev.resilient.observation.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.resilient.ResilienceRuntime;
import dev.resilient.observation.LogCapture;
import dev.resilient.observation.ObservationConfig;
import dev.resilient.observation.ObservationStep;
import dev.resilient.pipeline.ResiliencePipeline;
import dev.resilient.step.Step;
import dev.resilient.step.StepContext;
import dev.resilient.time.ManualTime;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WebhookAlertSinkTest {

    private final ManualTime time = new ManualTime();
    private final StepContext context = StepContext.of("payments.charge", ResilienceRuntime.manual(time));
    private final List<String> bodies = new CopyOnWriteArrayList<>();
    private final List<String> contentTypes = new CopyOnWriteArrayList<>();
    private final CountDownLatch received = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);
    private final ExecutorService handlers = Executors.newCachedThreadPool();
    private HttpServer server;

    @AfterEach
    void stop() {
        release.countDown();
        if (server != null) {
            server.stop(0);
        }
        handlers.shutdownNow();
    }

    private URI start(boolean blockUntilReleased) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(handlers);
        server.createContext("/hooks/secret-token", exchange -> {
            bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            contentTypes.add(exchange.getRequestHeaders().getFirst("Content-Type"));
            received.countDown();
            if (blockUntilReleased) {
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hooks/secret-token");
    }

    /** A pipeline whose failures alert on the first error through {@code sink}. */
    private ResiliencePipeline alertingPipeline(AlertSink sink) {
        new AlertManager(AlertConfig.builder().threshold(1).sink(sink).build(), time).attachTo(context);
        return new ResiliencePipeline(
                context, new ObservationStep(ObservationConfig.ofDefaults(), context, Step.terminal()));
    }

    private static void failOnce(ResiliencePipeline pipeline) {
        try {
            pipeline.execute(() -> {
                throw new IOException("gateway \"down\" token=abc");
            });
            throw new AssertionError("the call should have failed");
        } catch (IOException expected) {
            // the call's own failure, unchanged
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void postsSlackCompatibleJsonWithTheAlertFields() throws Exception {
        WebhookAlertSink sink = new WebhookAlertSink(start(false));
        Alert alert = new Alert(
                "payments.charge",
                2,
                7,
                Duration.ofMinutes(1),
                "java.io.IOException",
                "gateway \"down\"\nnow",
                java.time.Instant.parse("2024-05-01T10:15:30Z"));

        int status = sink.post(alert).get(5, TimeUnit.SECONDS);

        assertThat(status).isEqualTo(200);
        assertThat(contentTypes).containsExactly("application/json; charset=utf-8");
        assertThat(bodies)
                .containsExactly("{\"text\":\"[resilient] payments.charge: 7 errors within 1 min"
                        + " (escalation level 2); last: java.io.IOException: gateway \\\"down\\\"\\nnow\","
                        + "\"instance\":\"payments.charge\",\"level\":2,\"errorCount\":7,\"windowMillis\":60000,"
                        + "\"exception\":\"java.io.IOException\",\"message\":\"gateway \\\"down\\\"\\nnow\","
                        + "\"timestamp\":\"2024-05-01T10:15:30Z\"}");
        assertThat(sink.toString()).doesNotContain("secret-token");
    }

    @Test
    void aFailingCallAlertsThroughTheWebhook() throws Exception {
        ResiliencePipeline pipeline = alertingPipeline(new WebhookAlertSink(start(false)));
        failOnce(pipeline);
        assertThat(received.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(bodies.get(0))
                .contains("\"instance\":\"payments.charge\"")
                .contains("\"message\":\"gateway \\\"down\\\" token=***\"")
                .doesNotContain("abc");
    }

    @Test
    void aSlowWebhookNeverDelaysTheCall() throws Exception {
        ResiliencePipeline pipeline = alertingPipeline(new WebhookAlertSink(start(true), Duration.ofSeconds(30)));

        failOnce(pipeline);

        // the call has returned while the webhook is still being handled (blocked on the latch)
        assertThat(received.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(release.getCount()).isEqualTo(1);
        release.countDown();
    }

    @Test
    void aWebhookThatIsDownIsLoggedAndTheCallCompletes() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        try (LogCapture log = new LogCapture(WebhookAlertSink.class)) {
            ResiliencePipeline pipeline = alertingPipeline(new WebhookAlertSink(
                    URI.create("http://127.0.0.1:" + closedPort + "/hooks/secret-token"), Duration.ofSeconds(2)));

            failOnce(pipeline);

            String target = "Alert webhook http://127.0.0.1:" + closedPort + " failed for payments.charge";
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(log.events())
                    .filteredOn(event -> event.getFormattedMessage().startsWith(target))
                    .hasSize(1));
            assertThat(log.events())
                    .noneMatch(event -> event.getFormattedMessage().contains("secret-token"));
        }
    }
}
