package dev.resilient.sample;

import java.util.Map;

import com.jayway.jsonpath.DocumentContext;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The simulator's control endpoint. */
class SimulatorControlTest extends EndToEndTest {

    @Test
    void showsEveryServiceHealthyAfterAReset() {
        DocumentContext status = getJson("/simulator");

        assertThat(status.read("$.url", String.class)).startsWith("http://127.0.0.1:");
        for (String service : new String[] {"inventory", "payments", "shipping"}) {
            assertThat(status.read("$.services." + service + ".behaviour.failureRate", Double.class)).isZero();
            assertThat(status.read("$.services." + service + ".requests", Long.class)).isZero();
        }
    }

    @Test
    void changesEveryServiceAtOnce() {
        DocumentContext status = postJson("/simulator", Map.of("failureRate", 1.0, "status", 503, "retryAfterSeconds", 2));

        assertThat(status.read("$.services.payments.behaviour.status", Integer.class)).isEqualTo(503);
        assertThat(status.read("$.services.shipping.behaviour.retryAfterSeconds", Integer.class)).isEqualTo(2);
        assertThat(status.read("$.services.inventory.behaviour.failureRate", Double.class)).isEqualTo(1.0);
    }

    @Test
    void rejectsBadValuesNamingTheField() {
        assertThat(post("/simulator", Map.of("failureRate", 1.5)).getBody()).contains("failureRate", "1.5");
        assertThat(post("/simulator/inventory", Map.of("status", 200)).getStatusCode().value()).isEqualTo(400);
        assertThat(post("/simulator/inventory", Map.of("latencyMs", -1)).getBody()).contains("latencyMs");
        assertThat(post("/simulator/nothing", Map.of()).getBody()).contains("unknown service 'nothing'");
    }
}
