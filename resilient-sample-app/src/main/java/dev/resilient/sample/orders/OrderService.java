package dev.resilient.sample.orders;

import dev.resilient.sample.downstream.InventoryClient;
import dev.resilient.sample.downstream.Payment;
import dev.resilient.sample.downstream.PaymentClient;
import dev.resilient.sample.downstream.ShippingClient;
import dev.resilient.sample.downstream.ShippingQuote;
import dev.resilient.sample.downstream.StockLevel;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.springframework.stereotype.Service;

/**
 * Places an order: asks for a shipping quote (asynchronously) while checking the stock, then
 * charges the total. Every downstream call is resilient, so an order is placed even while a
 * downstream service is failing: with unconfirmed stock, a flat shipping rate or a pending payment.
 */
@Service
public class OrderService {

    /** Price of one unit of any article, to keep the sample small. */
    static final long UNIT_PRICE_CENTS = 1299;

    private final InventoryClient inventory;

    private final ShippingClient shipping;

    private final PaymentClient payments;

    OrderService(InventoryClient inventory, ShippingClient shipping, PaymentClient payments) {
        this.inventory = inventory;
        this.shipping = shipping;
        this.payments = payments;
    }

    public Order place(OrderRequest request) {
        if (request.sku() == null
                || request.sku().isBlank()
                || request.quantity() < 1
                || request.postcode() == null
                || request.postcode().isBlank()) {
            throw new IllegalArgumentException("an order needs a sku, a quantity >= 1 and a postcode");
        }
        String orderId = "ord-" + UUID.randomUUID().toString().substring(0, 8);
        CompletableFuture<ShippingQuote> quote = shipping.quote(request.postcode());
        StockLevel stock = inventory.stock(request.sku());
        ShippingQuote shippingQuote = quote.join();
        long total = request.quantity() * UNIT_PRICE_CENTS + shippingQuote.priceCents();
        if (stock.known() && stock.available() < request.quantity()) {
            return new Order(orderId, "OUT_OF_STOCK", total, stock, shippingQuote, null);
        }
        Payment payment = payments.charge(orderId, total);
        String status = stock.known() && payment.charged() ? "CONFIRMED" : "ACCEPTED";
        return new Order(orderId, status, total, stock, shippingQuote, payment);
    }
}
