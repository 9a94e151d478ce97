package dev.resilient.sample;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.DocumentContext;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A stalled downstream: the per-attempt timeout (300 ms in the test profile) fires long before the
 * simulated latency ends, on the synchronous inventory path and on the asynchronous shipping path,
 * where the failure cache then skips the downstream for the same postcode.
 */
class TimeoutEndToEndTest extends EndToEndTest {

    private static final long STALL_MS = 5_000;

    @Test
    void timesOutEachAttemptOfAStalledSynchronousCall() {
        simulate("inventory", Map.of("latencyMs", STALL_MS));

        long start = System.nanoTime();
        DocumentContext stock = getJson("/stock/slow-book");
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;

        assertPath(stock, "$.source").isEqualTo("fallback");
        assertPath(stock, "$.reason").contains("TimeoutExceededException", "after 3 attempts");
        assertThat(requests("inventory")).isEqualTo(3);
        assertThat(elapsedMs)
                .as("three attempts of 300 ms, not one stalled response")
                .isLessThan(3_000);

        // A healthy call resets the circuit's count of consecutive failures for the other tests.
        simulate("inventory", Map.of());
        assertPath(getJson("/stock/fast-book"), "$.source").isEqualTo("downstream");
    }

    @Test
    void timesOutAStalledAsynchronousCallAndThenSkipsItThroughTheFailureCache() {
        simulate("shipping", Map.of("latencyMs", STALL_MS));

        long start = System.nanoTime();
        DocumentContext quote = getJson("/shipping/99999");
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;

        assertPath(quote, "$.source").isEqualTo("fallback");
        assertThat(quote.read("$.priceCents", Long.class)).isEqualTo(990L);
        assertPath(quote, "$.reason").contains("TimeoutExceededException", "after 2 attempts");
        assertThat(requests("shipping")).isEqualTo(2);
        assertThat(elapsedMs)
                .as("two attempts of 300 ms, not one stalled response")
                .isLessThan(3_000);

        // The failure is remembered for this postcode: the flat rate at once, no downstream request.
        long cachedStart = System.nanoTime();
        DocumentContext cached = getJson("/shipping/99999");
        assertThat((System.nanoTime() - cachedStart) / 1_000_000).isLessThan(1_000);
        assertPath(cached, "$.source").isEqualTo("fallback");
        assertPath(cached, "$.reason").contains("FailureCachedException");
        assertThat(requests("shipping")).isEqualTo(2);

        // Other postcodes still reach the (now healthy) service.
        simulate("shipping", Map.of());
        assertPath(getJson("/shipping/10115"), "$.source").isEqualTo("downstream");
    }
}
