package dev.resilient.sample.orders;

import dev.resilient.sample.downstream.InventoryClient;
import dev.resilient.sample.downstream.ShippingClient;
import dev.resilient.sample.downstream.ShippingQuote;
import dev.resilient.sample.downstream.StockLevel;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /orders} places an order; {@code GET /stock/{sku}} and
 * {@code GET /shipping/{postcode}} call one downstream service each, which makes them handy to
 * watch one circuit at a time.
 */
@RestController
class OrderController {

    private final OrderService orders;

    private final InventoryClient inventory;

    private final ShippingClient shipping;

    OrderController(OrderService orders, InventoryClient inventory, ShippingClient shipping) {
        this.orders = orders;
        this.inventory = inventory;
        this.shipping = shipping;
    }

    @PostMapping("/orders")
    Order place(@RequestBody OrderRequest request) {
        return orders.place(request);
    }

    @GetMapping("/stock/{sku}")
    StockLevel stock(@PathVariable String sku) {
        return inventory.stock(sku);
    }

    @GetMapping("/shipping/{postcode}")
    CompletableFuture<ShippingQuote> shipping(@PathVariable String postcode) {
        return shipping.quote(postcode);
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<Map<String, String>> badRequest(IllegalArgumentException ex) {
        return ResponseEntity.badRequest().body(Map.of("error", ex.getMessage()));
    }
}
