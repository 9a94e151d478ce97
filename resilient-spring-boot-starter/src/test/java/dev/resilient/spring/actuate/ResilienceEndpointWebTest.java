package dev.resilient.spring.actuate;

import static dev.resilient.spring.actuate.ResilienceWebTestApplication.get;
import static dev.resilient.spring.actuate.ResilienceWebTestApplication.openTheCircuit;
import static dev.resilient.spring.actuate.ResilienceWebTestApplication.post;
import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import dev.resilient.circuitbreaker.CircuitState;
import dev.resilient.pipeline.ResiliencePipeline;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Over HTTP with write access granted and open circuits making the application DOWN. */
@SpringBootTest(
        classes = ResilienceWebTestApplication.class,
        webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = {
            "management.endpoints.web.exposure.include=health,resilience",
            "management.endpoint.resilience.access=unrestricted",
            "management.endpoint.health.show-details=always",
            "resilient.health.open-circuit-down=true"
        })
class ResilienceEndpointWebTest {

    @LocalServerPort
    int port;

    @Autowired
    ResiliencePipeline payments;

    @Test
    void readsResetsAndReportsHealth() throws Exception {
        payments.execute(() -> "ok");

        HttpResponse<String> all = get(port, "/actuator/resilience");
        assertThat(all.statusCode()).isEqualTo(200);
        DocumentContext json = JsonPath.parse(all.body());
        assertThat(json.read("$.instances.payments.circuitBreaker.state", String.class))
                .isEqualTo("CLOSED");
        assertThat(json.read("$.instances.payments.circuitBreaker.failureRate", Double.class))
                .isZero();
        assertThat(json.read("$.instances.payments.metrics.calls", Integer.class))
                .isEqualTo(1);
        assertThat(json.read("$.instances.payments.metrics.successes", Integer.class))
                .isEqualTo(1);
        assertThat(json.read("$.instances.payments.metrics.successRate", Double.class))
                .isEqualTo(1.0);
        assertThat(json.read("$.instances.payments.retry.maxAttempts", Integer.class))
                .isEqualTo(2);

        openTheCircuit(payments);
        HttpResponse<String> one = get(port, "/actuator/resilience/payments");
        assertThat(one.statusCode()).isEqualTo(200);
        json = JsonPath.parse(one.body());
        assertThat(json.read("$.name", String.class)).isEqualTo("payments");
        assertThat(json.read("$.circuitBreaker.state", String.class)).isEqualTo("OPEN");
        assertThat(json.read("$.circuitBreaker.remainingOpenMs", Long.class)).isPositive();
        assertThat(json.read("$.metrics.failures", Integer.class)).isEqualTo(1);
        assertThat(json.read("$.metrics.retries", Integer.class)).isEqualTo(1);
        assertThat(json.read("$.configuration.circuitBreaker", String.class)).isNotBlank();
        assertThat(json.read("$.configuration.retry", String.class)).isNotBlank();
        List<String> types = json.read("$.events[*].type");
        assertThat(types).contains("SUCCESS", "RETRY", "STATE_CHANGE", "FAILURE");
        assertThat(json.read("$.events[?(@.type == 'RETRY')].exception", List.class))
                .containsExactly("java.io.IOException");
        assertThat(one.body()).doesNotContain("down"); // no exception messages

        HttpResponse<String> health = get(port, "/actuator/health");
        assertThat(health.statusCode()).isEqualTo(503);
        json = JsonPath.parse(health.body());
        assertThat(json.read("$.components.resilience.status", String.class)).isEqualTo("DOWN");
        assertThat(json.read("$.components.resilience.details.openCircuits.payments.state", String.class))
                .isEqualTo("OPEN");

        HttpResponse<String> reset = post(port, "/actuator/resilience/payments", "{\"action\":\"reset\"}");
        assertThat(reset.statusCode()).isEqualTo(200);
        assertThat(JsonPath.parse(reset.body()).read("$.state", String.class)).isEqualTo("CLOSED");
        assertThat(payments.circuitBreaker().get().state()).isEqualTo(CircuitState.CLOSED);
        assertThat(payments.stats().calls()).isZero();

        health = get(port, "/actuator/health");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(JsonPath.parse(health.body()).read("$.components.resilience.status", String.class))
                .isEqualTo("UP");
    }

    @Test
    void badActionIsABadRequestNamingTheValidActions() throws Exception {
        HttpResponse<String> bad = post(port, "/actuator/resilience/payments", "{\"action\":\"explode\"}");
        assertThat(bad.statusCode()).isEqualTo(400);
        DocumentContext json = JsonPath.parse(bad.body());
        assertThat(json.read("$.error", String.class))
                .isEqualTo("Unknown action 'explode'; valid actions are reset, open, close, disable");
        assertThat(json.read("$.validActions", List.class)).containsExactly("reset", "open", "close", "disable");

        assertThat(post(port, "/actuator/resilience/payments", "{}").statusCode())
                .isEqualTo(400);
    }

    @Test
    void openAndCloseByHand() throws Exception {
        HttpResponse<String> open = post(port, "/actuator/resilience/payments", "{\"action\":\"open\"}");
        assertThat(JsonPath.parse(open.body()).read("$.state", String.class)).isEqualTo("FORCED_OPEN");
        assertThat(payments.circuitBreaker().get().state()).isEqualTo(CircuitState.FORCED_OPEN);
        HttpResponse<String> close = post(port, "/actuator/resilience/payments", "{\"action\":\"close\"}");
        assertThat(JsonPath.parse(close.body()).read("$.state", String.class)).isEqualTo("CLOSED");
    }

    @Test
    void unknownInstanceIsNotFound() throws Exception {
        assertThat(get(port, "/actuator/resilience/nope").statusCode()).isEqualTo(404);
        assertThat(post(port, "/actuator/resilience/nope", "{\"action\":\"reset\"}")
                        .statusCode())
                .isEqualTo(404);
    }
}
