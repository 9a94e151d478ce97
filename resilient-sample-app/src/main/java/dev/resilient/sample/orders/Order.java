package dev.resilient.sample.orders;

import dev.resilient.sample.downstream.Payment;
import dev.resilient.sample.downstream.ShippingQuote;
import dev.resilient.sample.downstream.StockLevel;

/**
 * A placed order and what each downstream service answered for it.
 *
 * @param orderId the order's id
 * @param status {@code CONFIRMED}, {@code ACCEPTED} (stock unconfirmed or payment pending) or
 *     {@code OUT_OF_STOCK}
 * @param totalCents the amount charged or to be charged
 * @param stock the inventory's answer
 * @param shipping the shipping quote
 * @param payment the payment, or null when nothing was charged
 */
public record Order(
        String orderId, String status, long totalCents, StockLevel stock, ShippingQuote shipping, Payment payment) {}
