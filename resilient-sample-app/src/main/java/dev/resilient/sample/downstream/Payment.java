package dev.resilient.sample.downstream;

/**
 * The outcome of charging an order.
 *
 * @param orderId the order
 * @param paymentId the payment service's id, or null when the charge is pending
 * @param status {@code CHARGED}, or {@code PENDING} when the charge will be retried later
 * @param source {@code downstream}, or {@code fallback}
 * @param reason why the fallback answered, or null
 */
public record Payment(String orderId, String paymentId, String status, String source, String reason) {

    /** Whether the payment service took the money. */
    public boolean charged() {
        return "CHARGED".equals(status);
    }
}
