package dev.resilient.sample.downstream;

import dev.resilient.spring.Resilient;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

/**
 * Charges an order with the payment service. Profile {@code payments}: a rate limit, retries that
 * honour the service's {@code Retry-After}, a failure-rate circuit breaker and a timeout; the order
 * id is the idempotency key, so a retried charge is never taken twice. When the charge cannot be
 * made now it is left pending.
 */
@Component
public class PaymentClient {

    private final RestClient http;

    PaymentClient(RestClient downstreamRestClient) {
        this.http = downstreamRestClient;
    }

    @Resilient(value = "payments", name = "payments.charge", fallbackMethod = "chargeLater")
    public Payment charge(String orderId, long amountCents) {
        Charged charged = http.post()
                .uri("/payments")
                .header("Idempotency-Key", orderId)
                .contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("orderId", orderId, "amountCents", amountCents))
                .retrieve()
                .body(Charged.class);
        return new Payment(orderId, charged == null ? null : charged.paymentId(), "CHARGED", "downstream", null);
    }

    Payment chargeLater(String orderId, long amountCents, Throwable failure) {
        return new Payment(orderId, null, "PENDING", "fallback", Failures.describe(failure));
    }

    record Charged(String paymentId, String status) {}
}
