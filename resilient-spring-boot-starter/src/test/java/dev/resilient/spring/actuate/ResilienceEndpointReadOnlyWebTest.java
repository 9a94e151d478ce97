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
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Over HTTP with the default access (read-only) and the default health behaviour. */
@SpringBootTest(
        classes = ResilienceWebTestApplication.class,
        webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = {
            "management.endpoints.web.exposure.include=health,resilience",
            "management.endpoint.health.show-details=always"
        })
class ResilienceEndpointReadOnlyWebTest {

    @LocalServerPort
    int port;

    @Autowired
    ResiliencePipeline payments;

    @Test
    void writesAreRefusedAndAnOpenCircuitKeepsTheApplicationUp() throws Exception {
        openTheCircuit(payments);
        assertThat(get(port, "/actuator/resilience").statusCode()).isEqualTo(200);

        HttpResponse<String> reset = post(port, "/actuator/resilience/payments", "{\"action\":\"reset\"}");
        assertThat(reset.statusCode()).isEqualTo(405);
        assertThat(payments.circuitBreaker().get().state()).isEqualTo(CircuitState.OPEN);

        HttpResponse<String> health = get(port, "/actuator/health");
        assertThat(health.statusCode()).isEqualTo(200);
        DocumentContext json = JsonPath.parse(health.body());
        assertThat(json.read("$.status", String.class)).isEqualTo("UP");
        assertThat(json.read("$.components.resilience.status", String.class)).isEqualTo("UP");
        assertThat(json.read("$.components.resilience.details.openCircuits.payments.state", String.class))
                .isEqualTo("OPEN");
    }
}
