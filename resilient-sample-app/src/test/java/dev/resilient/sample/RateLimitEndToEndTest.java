package dev.resilient.sample;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.DocumentContext;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/** Beyond the payments rate limit, charges are rejected before they reach the payment service. */
@TestPropertySource(
        properties = {
            "resilient.profiles.payments.rate-limit.limit=2",
            "resilient.profiles.payments.rate-limit.period=1h"
        })
class RateLimitEndToEndTest extends EndToEndTest {

    private static final Map<String, Object> ORDER = Map.of("sku", "mug-3", "quantity", 1, "postcode", "20095");

    @Test
    void chargesBeyondTheLimitAreLeftPendingWithoutCallingThePaymentService() {
        assertPath(postJson("/orders", ORDER), "$.payment.status").isEqualTo("CHARGED");
        assertPath(postJson("/orders", ORDER), "$.payment.status").isEqualTo("CHARGED");

        DocumentContext third = postJson("/orders", ORDER);

        assertPath(third, "$.status").isEqualTo("ACCEPTED");
        assertPath(third, "$.payment.status").isEqualTo("PENDING");
        assertPath(third, "$.payment.reason").contains("RateLimitedException");
        assertThat(requests("payments")).isEqualTo(2);
    }
}
