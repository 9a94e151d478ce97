package dev.resilient.sample;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.DocumentContext;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The simulator's control endpoint. */
class SimulatorControlTest extends EndToEndTest {

    @Test
    void showsEveryServiceHealthyAfterAReset() {
        DocumentContext status = getJson("/simulator");

        assertThat(status.read("$.url", String.class)).startsWith("http://127.0.0.1:");
        for (String service : new String[] {"inventory", "payments", "shipping"}) {
            assertThat(status.read("$.services." + service + ".behaviour.failureRate", Double.class))
                    .isZero();
            assertThat(status.read("$.services." + service + ".requests", Long.class))
                    .isZero();
        }
    }

    @Test
    void changesEveryServiceAtOnce() {
        DocumentContext status =
                postJson("/simulator", Map.of("failureRate", 1.0, "status", 503, "retryAfterSeconds", 2));

        assertThat(status.read("$.services.payments.behaviour.status", Integer.class))
                .isEqualTo(503);
        assertThat(status.read("$.services.shipping.behaviour.retryAfterSeconds", Integer.class))
                .isEqualTo(2);
        assertThat(status.read("$.services.inventory.behaviour.failureRate", Double.class))
                .isEqualTo(1.0);
    }

    @Test
    void rejectsBadValuesNamingTheField() {
        assertThat(post("/simulator", Map.of("failureRate", 1.5)).getBody()).contains("failureRate", "1.5");
        assertThat(post("/simulator/inventory", Map.of("status", 200))
                        .getStatusCode()
                        .value())
                .isEqualTo(400);
        assertThat(post("/simulator/inventory", Map.of("latencyMs", -1)).getBody())
                .contains("latencyMs");
        assertThat(post("/simulator/nothing", Map.of()).getBody()).contains("unknown service 'nothing'");
        assertThat(post("/simulator/inventory", Map.of("fault", "explode")).getBody())
                .contains("fault", "explode");
        assertThat(post("/simulator/inventory", Map.of("stallMs", -5)).getBody())
                .contains("stallMs");
    }

    @Test
    void injectsAndCountsEveryKindOfFaultInRandomMode() {
        simulate(
                "inventory",
                Map.of("failureRate", 1.0, "fault", "random", "stallMs", 50, "seed", 7, "retryAfterSeconds", 0));

        for (int i = 0; i < 40; i++) {
            // every answer comes from the fallback; a reset is a connection error, a stall a timeout
            assertPath(getJson("/stock/book-" + i), "$.source").isEqualTo("fallback");
            if (i % 4 == 3) {
                // the circuit opens after 5 failed attempts: close it to keep the faults coming
                post("/actuator/resilience/inventory.stock", Map.of("action", "reset"));
            }
        }

        DocumentContext status = getJson("/simulator/inventory");
        Map<String, Integer> faults = status.read("$.faults");
        assertThat(faults).containsOnlyKeys("500", "stall", "reset", "429", "503");
        assertThat(faults.values().stream().mapToLong(Integer::longValue).sum())
                .isEqualTo(status.read("$.failures", Long.class));
        assertPath(status, "$.behaviour.fault").isEqualTo("random");
        post("/actuator/resilience/inventory.stock", Map.of("action", "reset"));
    }
}
