package dev.resilient.sample;

import java.util.Map;

import com.jayway.jsonpath.DocumentContext;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Orders are placed while the downstream is healthy, and still placed while parts of it fail. */
class OrderFlowEndToEndTest extends EndToEndTest {

    @Test
    void confirmsAnOrderWhenEveryServiceAnswers() {
        DocumentContext order = postJson("/orders", Map.of("sku", "book-42", "quantity", 2, "postcode", "10115"));

        assertThat(order.read("$.status", String.class)).isEqualTo("CONFIRMED");
        assertThat(order.read("$.orderId", String.class)).startsWith("ord-");
        assertThat(order.read("$.stock.source", String.class)).isEqualTo("downstream");
        assertThat(order.read("$.shipping.source", String.class)).isEqualTo("downstream");
        assertThat(order.read("$.payment.paymentId", String.class))
                .isEqualTo("pay-" + order.read("$.orderId", String.class));
        long shipping = order.read("$.shipping.priceCents", Long.class);
        assertThat(order.read("$.totalCents", Long.class)).isEqualTo(2 * 1299 + shipping);
    }

    @Test
    void acceptsAnOrderWithFallbacksWhileTheInventoryAndShippingFail() {
        simulate("inventory", Map.of("failNext", 3, "status", 502));
        simulate("shipping", Map.of("failNext", 2, "status", 500));

        DocumentContext order = postJson("/orders", Map.of("sku", "book-43", "quantity", 1, "postcode", "80331"));

        assertThat(order.read("$.status", String.class)).isEqualTo("ACCEPTED");
        assertThat(order.read("$.stock.source", String.class)).isEqualTo("fallback");
        assertThat(order.read("$.shipping.source", String.class)).isEqualTo("fallback");
        assertThat(order.read("$.shipping.priceCents", Long.class)).isEqualTo(990L);
        assertThat(order.read("$.payment.status", String.class)).isEqualTo("CHARGED");
        assertThat(requests("inventory")).isEqualTo(3);
        assertThat(requests("shipping")).isEqualTo(2);

        // Healthy again: the next stock look-up reaches the service (and resets the consecutive failures).
        assertThat(getJson("/stock/book-43").read("$.source", String.class)).isEqualTo("downstream");
    }

    @Test
    void recoversWithinTheRetriesWhenOneAttemptFails() {
        simulate("inventory", Map.of("failNext", 1, "status", 503));

        DocumentContext stock = getJson("/stock/book-44");

        assertThat(stock.read("$.source", String.class)).isEqualTo("downstream");
        assertThat(requests("inventory")).isEqualTo(2);
    }

    @Test
    void rejectsAnIncompleteOrder() {
        assertThat(post("/orders", Map.of("sku", "book-42", "quantity", 0, "postcode", "10115"))
                .getStatusCode().value()).isEqualTo(400);
    }
}
