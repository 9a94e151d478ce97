package dev.resilient.sample;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.DocumentContext;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code /actuator/resilience} and {@code /actuator/prometheus} show every instance. */
class ObservabilityEndToEndTest extends EndToEndTest {

    private static final Map<String, Object> ORDER = Map.of("sku", "lamp-7", "quantity", 1, "postcode", "75001");

    @Test
    void theResilienceEndpointShowsEveryInstanceWithItsCircuitAndCounts() {
        postJson("/orders", ORDER);
        simulate("payments", Map.of("failNext", 1, "status", 503));
        postJson("/orders", ORDER);

        DocumentContext resilience = getJson("/actuator/resilience");

        Map<String, Object> instances = resilience.read("$.instances");
        assertThat(instances).containsKeys("inventory.stock", "payments.charge", "shipping.quote");
        assertPath(resilience, "$.instances['inventory.stock'].circuitBreaker.state")
                .isEqualTo("CLOSED");
        assertPath(resilience, "$.instances['payments.charge'].circuitBreaker.state")
                .isEqualTo("CLOSED");
        assertThat(resilience.read("$.instances['payments.charge'].metrics.calls", Long.class))
                .isGreaterThanOrEqualTo(2);
        assertThat(resilience.read("$.instances['payments.charge'].metrics.retries", Long.class))
                .isGreaterThanOrEqualTo(1);
        assertThat(resilience.read("$.instances['payments.charge'].metrics.successes", Long.class))
                .isGreaterThanOrEqualTo(2);

        DocumentContext payments = getJson("/actuator/resilience/payments.charge");
        assertThat(payments.jsonString()).contains("CLOSED");
    }

    @Test
    void prometheusShowsTheResilientMeters() {
        postJson("/orders", ORDER);

        String scrape = prometheus();

        assertThat(scrape).containsPattern("(?m)^resilient_calls.*name=\"inventory\\.stock\"");
        assertThat(scrape).containsPattern("(?m)^resilient_calls.*name=\"payments\\.charge\"");
        assertThat(scrape).containsPattern("(?m)^resilient_calls.*name=\"shipping\\.quote\"");
        assertThat(scrape).containsPattern("(?m)^resilient_circuit_state.*name=\"inventory\\.stock\"");
    }

    @Test
    void healthIsUp() {
        assertPath(getJson("/actuator/health"), "$.status").isEqualTo("UP");
    }
}
