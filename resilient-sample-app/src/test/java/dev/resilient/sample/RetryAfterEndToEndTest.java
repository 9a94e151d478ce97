package dev.resilient.sample;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.DocumentContext;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The payment service answers 429 or 503 with {@code Retry-After}: the retry waits as long as it
 * asks (the test profile's own backoff is at most 50 ms), then charges; a 400 is not retried.
 */
class RetryAfterEndToEndTest extends EndToEndTest {

    private static final Map<String, Object> ORDER = Map.of("sku", "book-42", "quantity", 1, "postcode", "10115");

    @Test
    void retriesA429AfterTheRetryAfterTheServerAskedFor() {
        simulate("payments", Map.of("failNext", 1, "status", 429, "retryAfterSeconds", 1));

        DocumentContext order = postJson("/orders", ORDER);

        assertPath(order, "$.status").isEqualTo("CONFIRMED");
        assertPath(order, "$.payment.status").isEqualTo("CHARGED");
        assertPath(order, "$.payment.source").isEqualTo("downstream");
        List<Long> times = requestTimes("payments");
        assertThat(times).hasSize(2);
        assertThat(times.get(1) - times.get(0)).as("wait before the retry, ms").isBetween(950L, 2_500L);
    }

    @Test
    void retriesA503AfterItsRetryAfterUntilTheAttemptsRunOut() {
        simulate("payments", Map.of("failureRate", 1.0, "status", 503, "retryAfterSeconds", 1));

        DocumentContext order = postJson("/orders", ORDER);

        assertPath(order, "$.status").isEqualTo("ACCEPTED");
        assertPath(order, "$.payment.status").isEqualTo("PENDING");
        assertPath(order, "$.payment.source").isEqualTo("fallback");
        assertPath(order, "$.payment.reason")
                .contains("DownstreamUnavailableException", "503", "Retry-After 1", "after 3 attempts");
        List<Long> times = requestTimes("payments");
        assertThat(times).hasSize(3);
        assertThat(times.get(1) - times.get(0)).isBetween(950L, 2_500L);
        assertThat(times.get(2) - times.get(1)).isBetween(950L, 2_500L);
    }

    @Test
    void doesNotRetryARejectedRequest() {
        simulate("payments", Map.of("failNext", 1, "status", 400));

        DocumentContext order = postJson("/orders", ORDER);

        assertPath(order, "$.status").isEqualTo("ACCEPTED");
        assertPath(order, "$.payment.status").isEqualTo("PENDING");
        assertPath(order, "$.payment.reason").contains("DownstreamRejectedException", "400");
        assertThat(requests("payments")).isEqualTo(1);
    }
}
