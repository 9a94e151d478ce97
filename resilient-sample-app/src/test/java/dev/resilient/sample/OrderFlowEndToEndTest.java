package dev.resilient.sample;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.DocumentContext;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Orders are placed while the downstream is healthy, and still placed while parts of it fail. */
class OrderFlowEndToEndTest extends EndToEndTest {

    @Test
    void confirmsAnOrderWhenEveryServiceAnswers() {
        DocumentContext order = postJson("/orders", Map.of("sku", "book-42", "quantity", 2, "postcode", "10115"));

        assertPath(order, "$.status").isEqualTo("CONFIRMED");
        assertPath(order, "$.orderId").startsWith("ord-");
        assertPath(order, "$.stock.source").isEqualTo("downstream");
        assertPath(order, "$.shipping.source").isEqualTo("downstream");
        assertPath(order, "$.payment.paymentId").isEqualTo("pay-" + order.read("$.orderId", String.class));
        long shipping = order.read("$.shipping.priceCents", Long.class);
        assertThat(order.read("$.totalCents", Long.class)).isEqualTo(2 * 1299 + shipping);
    }

    @Test
    void acceptsAnOrderWithFallbacksWhileTheInventoryAndShippingFail() {
        simulate("inventory", Map.of("failNext", 3, "status", 502));
        simulate("shipping", Map.of("failNext", 2, "status", 500));

        DocumentContext order = postJson("/orders", Map.of("sku", "book-43", "quantity", 1, "postcode", "80331"));

        assertPath(order, "$.status").isEqualTo("ACCEPTED");
        assertPath(order, "$.stock.source").isEqualTo("fallback");
        assertPath(order, "$.shipping.source").isEqualTo("fallback");
        assertThat(order.read("$.shipping.priceCents", Long.class)).isEqualTo(990L);
        assertPath(order, "$.payment.status").isEqualTo("CHARGED");
        assertThat(requests("inventory")).isEqualTo(3);
        assertThat(requests("shipping")).isEqualTo(2);

        // Healthy again: the next stock look-up reaches the service (and resets the consecutive failures).
        assertPath(getJson("/stock/book-43"), "$.source").isEqualTo("downstream");
    }

    @Test
    void recoversWithinTheRetriesWhenOneAttemptFails() {
        simulate("inventory", Map.of("failNext", 1, "status", 503));

        DocumentContext stock = getJson("/stock/book-44");

        assertPath(stock, "$.source").isEqualTo("downstream");
        assertThat(requests("inventory")).isEqualTo(2);
    }

    @Test
    void rejectsAnIncompleteOrder() {
        assertThat(post("/orders", Map.of("sku", "book-42", "quantity", 0, "postcode", "10115"))
                        .getStatusCode()
                        .value())
                .isEqualTo(400);
    }
}
