package dev.resilient.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.jayway.jsonpath.DocumentContext;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.test.annotation.DirtiesContext;

/**
 * The inventory circuit ({@code failure-threshold: 5}, {@code recovery-timeout: 2s} and three
 * attempts per call in the test profile) opens on a failing downstream, answers with the fallback
 * without calling the downstream while open, and closes after one successful trial call. The
 * application context is discarded afterwards, so no other test sees the circuit's history.
 */
@DirtiesContext
class CircuitBreakerEndToEndTest extends EndToEndTest {

    private static final String INSTANCE = "inventory.stock";

    @Test
    void opensAfterTheConfiguredFailuresAnswersWithTheFallbackAndClosesAfterRecovery() {
        // A success first: the circuit is closed and no earlier failure counts.
        assertPath(getJson("/stock/warm-up"), "$.source").isEqualTo("downstream");
        assertThat(circuitState(INSTANCE)).isEqualTo("CLOSED");

        simulate("inventory", Map.of("failureRate", 1.0, "status", 503));
        long before = requests("inventory");

        DocumentContext first = getJson("/stock/book-1");
        assertPath(first, "$.source").isEqualTo("fallback");
        assertThat(first.read("$.available", Integer.class)).isEqualTo(-1);
        assertPath(first, "$.reason").contains("DownstreamUnavailableException", "503", "after 3 attempts");
        assertThat(circuitState(INSTANCE)).isEqualTo("CLOSED");

        // Attempts 4 and 5 fail: the circuit opens, and the third attempt is not made.
        DocumentContext second = getJson("/stock/book-2");
        assertPath(second, "$.source").isEqualTo("fallback");
        assertPath(second, "$.reason").contains("CircuitBreakerOpenException");
        assertThat(requests("inventory") - before)
                .as("downstream requests until the circuit opened")
                .isEqualTo(5);
        assertThat(circuitState(INSTANCE)).isEqualTo("OPEN");

        // While open, the fallback answers without a downstream request.
        DocumentContext third = getJson("/stock/book-3");
        assertPath(third, "$.source").isEqualTo("fallback");
        assertPath(third, "$.reason").contains("CircuitBreakerOpenException");
        assertThat(requests("inventory") - before).isEqualTo(5);
        assertThat(prometheus()).containsPattern(circuitGauge("open", "1"));

        // The downstream recovers; after the recovery timeout one trial call closes the circuit.
        simulate("inventory", Map.of());
        long restored = requests("inventory");
        await().atMost(Duration.ofSeconds(15))
                .pollInterval(Duration.ofMillis(100))
                .untilAsserted(
                        () -> assertPath(getJson("/stock/book-4"), "$.source").isEqualTo("downstream"));
        assertThat(requests("inventory") - restored).as("trial calls").isEqualTo(1);
        assertThat(circuitState(INSTANCE)).isEqualTo("CLOSED");
        assertThat(prometheus())
                .containsPattern(circuitGauge("closed", "1"))
                .containsPattern(circuitGauge("open", "0"));
        assertPath(getJson("/stock/book-5"), "$.source").isEqualTo("downstream");
    }

    /** The {@code resilient.circuit.state} gauge of the inventory circuit for one state, as Prometheus shows it. */
    private static String circuitGauge(String state, String value) {
        return "(?m)^resilient_circuit_state\\{[^}]*name=\"inventory\\.stock\"[^}]*state=\"" + state + "\"[^}]*\\} "
                + value + "(\\.0)?$";
    }

    @Test
    void aFailedTrialCallOpensTheCircuitAgain() {
        assertPath(getJson("/stock/warm-up"), "$.source").isEqualTo("downstream");
        simulate("inventory", Map.of("failureRate", 1.0, "status", 500));
        getJson("/stock/book-1");
        getJson("/stock/book-2");
        assertThat(circuitState(INSTANCE)).isEqualTo("OPEN");
        long opened = requests("inventory");

        // After the recovery timeout the next call is a trial; it fails and the circuit opens again.
        await().atMost(Duration.ofSeconds(15))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    assertPath(getJson("/stock/book-trial"), "$.source").isEqualTo("fallback");
                    return requests("inventory") > opened;
                });
        assertThat(requests("inventory") - opened).as("trial calls").isEqualTo(1);
        assertThat(circuitState(INSTANCE)).isEqualTo("OPEN");

        simulate("inventory", Map.of());
        await().atMost(Duration.ofSeconds(15))
                .pollInterval(Duration.ofMillis(100))
                .untilAsserted(
                        () -> assertPath(getJson("/stock/book-6"), "$.source").isEqualTo("downstream"));
        assertThat(circuitState(INSTANCE)).isEqualTo("CLOSED");
    }
}
