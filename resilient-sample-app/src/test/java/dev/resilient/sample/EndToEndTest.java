package dev.resilient.sample;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.AbstractStringAssert;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.web.client.RestClient;

/**
 * Runs the whole application on a random port, with its simulated downstream on another random
 * port, and talks to both over real HTTP on loopback. Timings come from {@code application-test.yml}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
public abstract class EndToEndTest {

    @LocalServerPort
    private int port;

    private RestClient http;

    @BeforeEach
    void healthyDownstream() {
        http = RestClient.builder()
                .baseUrl("http://127.0.0.1:" + port)
                .defaultStatusHandler(status -> true, (request, response) -> {})
                .build();
        assertThat(http.delete()
                        .uri("/simulator")
                        .retrieve()
                        .toEntity(String.class)
                        .getStatusCode()
                        .value())
                .isEqualTo(200);
    }

    /** GETs a path of the application; any status. */
    protected ResponseEntity<String> get(String path) {
        return http.get().uri(path).retrieve().toEntity(String.class);
    }

    /** GETs a path of the application, expects 200 and returns the JSON. */
    protected DocumentContext getJson(String path) {
        ResponseEntity<String> response = get(path);
        assertThat(response.getStatusCode().value())
                .as("GET %s: %s", path, response.getBody())
                .isEqualTo(200);
        return JsonPath.parse(response.getBody());
    }

    /** POSTs JSON to a path of the application; any status. */
    protected ResponseEntity<String> post(String path, Object body) {
        return http.post()
                .uri(path)
                .contentType(MediaType.APPLICATION_JSON)
                .body(body)
                .retrieve()
                .toEntity(String.class);
    }

    /** POSTs JSON to a path of the application, expects 200 and returns the JSON. */
    protected DocumentContext postJson(String path, Object body) {
        ResponseEntity<String> response = post(path, body);
        assertThat(response.getStatusCode().value())
                .as("POST %s: %s", path, response.getBody())
                .isEqualTo(200);
        return JsonPath.parse(response.getBody());
    }

    /** Asserts on a string in a JSON answer; a failure shows the whole answer. */
    protected static AbstractStringAssert<?> assertPath(DocumentContext json, String path) {
        return assertThat(json.read(path, String.class)).as("%s in %s", path, json.jsonString());
    }

    /** Sets the behaviour of one simulated service through the control endpoint. */
    protected void simulate(String service, Map<String, Object> behaviour) {
        postJson("/simulator/" + service, behaviour);
    }

    /** Requests one simulated service has received since the last reset. */
    protected long requests(String service) {
        return ((Number) getJson("/simulator/" + service).read("$.requests")).longValue();
    }

    /** Arrival times (epoch ms) of the last requests of one simulated service, oldest first. */
    protected List<Long> requestTimes(String service) {
        List<Number> times = getJson("/simulator/" + service).read("$.recentRequests");
        return times.stream().map(Number::longValue).toList();
    }

    /** The circuit state of an instance as {@code /actuator/resilience} shows it. */
    protected String circuitState(String instance) {
        return getJson("/actuator/resilience").read("$.instances['" + instance + "'].circuitBreaker.state");
    }

    /** The body of {@code /actuator/prometheus}. */
    protected String prometheus() {
        ResponseEntity<String> response = get("/actuator/prometheus");
        assertThat(response.getStatusCode().value()).isEqualTo(200);
        return response.getBody();
    }
}
