package dev.resilient.compat;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootVersion;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.ApplicationContext;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestTemplate;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * The starter on whichever Boot line this module runs: retries, opens a circuit, falls back,
 * answers {@code /actuator/resilience}, reports health and shows its meters, over real HTTP, and
 * applies its HTTP client profile to the RestClient, RestTemplate and WebClient builders Boot hands
 * out, against a real server on loopback.
 */
@SpringBootTest(classes = CompatApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
class CompatApplicationTest {

    @Value("${local.server.port}")
    int port;

    @Autowired
    CompatApplication.Downstream downstream;

    @Autowired
    ApplicationContext context;

    private HttpServer server;
    private final AtomicInteger requests = new AtomicInteger();

    /** A loopback server answering 503 twice, then 200, for each three requests. */
    @BeforeEach
    void startServer() throws Exception {
        downstream.resetFlaky();
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            int n = requests.incrementAndGet();
            byte[] body = (n % 3 == 0 ? "served " + n : "unavailable").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("X-Request", String.valueOf(n));
            exchange.sendResponseHeaders(n % 3 == 0 ? 200 : 503, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    @Test
    void runsOnTheExpectedBootLine() {
        // set by the module's build to the Boot version it imports
        assertThat(SpringBootVersion.getVersion()).isEqualTo(System.getProperty("compat.boot.version"));
    }

    @Test
    void retriesUntilTheCallSucceeds() throws Exception {
        int retriesBefore = flakyMetric("retries");
        int successesBefore = flakyMetric("successes");

        HttpResponse<String> response = get("/flaky");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("ok after 3 calls");

        assertThat(flakyMetric("retries")).isEqualTo(retriesBefore + 2);
        assertThat(flakyMetric("successes")).isEqualTo(successesBefore + 1);
    }

    @Test
    void opensTheCircuitFallsBackAndReportsIt() throws Exception {
        for (int i = 0; i < 4; i++) {
            HttpResponse<String> response = get("/broken");
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).startsWith("fallback after ");
        }
        // two failures opened the circuit; the next calls never reached the dependency
        assertThat(downstream.brokenCalls()).isEqualTo(2);

        HttpResponse<String> all = get("/actuator/resilience");
        assertThat(all.statusCode()).isEqualTo(200);
        DocumentContext json = json(all);
        assertThat(json.read("$.instances.broken.circuitBreaker.state", String.class))
                .isEqualTo("OPEN");
        assertThat(json.read("$.instances.broken.metrics.fallbacks", Integer.class))
                .isEqualTo(4);

        HttpResponse<String> health = get("/actuator/health");
        assertThat(health.statusCode()).isEqualTo(503);
        DocumentContext status = json(health);
        assertThat(status.read("$.components.resilience.status", String.class)).isEqualTo("DOWN");
        assertThat(status.read("$.components.resilience.details.openCircuits.broken.state", String.class))
                .isEqualTo("OPEN");

        HttpResponse<String> reset = post("/actuator/resilience/broken", "{\"action\":\"reset\"}");
        assertThat(reset.statusCode()).isEqualTo(405); // read-only by default, on every line
    }

    @Test
    void showsItsMeters() throws Exception {
        get("/flaky");
        HttpResponse<String> calls = get("/actuator/metrics/resilient.calls");
        assertThat(calls.statusCode()).isEqualTo(200);
        DocumentContext json = json(calls);
        List<String> tags = json.read("$.availableTags[*].tag");
        assertThat(tags).contains("name", "outcome");
        List<String> names = json.read("$.availableTags[?(@.tag == 'name')].values[*]");
        assertThat(names).contains("flaky");

        assertThat(get("/actuator/metrics/resilient.retries").statusCode()).isEqualTo(200);
    }

    @Test
    void theRestClientBootHandsOutRetriesTransientStatuses() {
        RestClient client =
                context.getBean(RestClient.Builder.class).baseUrl(serverUrl()).build();
        assertThat(client.get().uri("/").retrieve().body(String.class)).isEqualTo("served 3");
        assertThat(requests).hasValue(3);
    }

    @Test
    void theRestTemplateBootHandsOutRetriesTransientStatuses() throws Exception {
        Object builder = context.getBean(Class.forName(restTemplateBuilderClass()));
        RestTemplate template =
                (RestTemplate) builder.getClass().getMethod("build").invoke(builder);
        assertThat(template.getForObject(serverUrl() + "/", String.class)).isEqualTo("served 3");
        assertThat(requests).hasValue(3);
    }

    @Test
    void theWebClientBootHandsOutRetriesTransientStatusesAndKeepsTheHeaders() {
        WebClient client =
                context.getBean(WebClient.Builder.class).baseUrl(serverUrl()).build();
        var entity = client.get().uri("/").retrieve().toEntity(String.class).block();
        assertThat(entity.getBody()).isEqualTo("served 3");
        assertThat(entity.getHeaders().getFirst("X-Request")).isEqualTo("3");
        assertThat(requests).hasValue(3);
    }

    /** RestTemplateBuilder moved between the lines; the test reaches it by name to stay line-neutral. */
    private static String restTemplateBuilderClass() {
        try {
            Class.forName("org.springframework.boot.restclient.RestTemplateBuilder");
            return "org.springframework.boot.restclient.RestTemplateBuilder";
        } catch (ClassNotFoundException boot3) {
            return "org.springframework.boot.web.client.RestTemplateBuilder";
        }
    }

    /** A count of instance {@code flaky} at {@code /actuator/resilience/flaky}, 0 before its first call. */
    private int flakyMetric(String name) throws Exception {
        HttpResponse<String> response = get("/actuator/resilience/flaky");
        return response.statusCode() == 404 ? 0 : json(response).read("$.metrics." + name, Integer.class);
    }

    private String serverUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }

    private static DocumentContext json(HttpResponse<String> response) {
        return JsonPath.parse(response.body());
    }
}
