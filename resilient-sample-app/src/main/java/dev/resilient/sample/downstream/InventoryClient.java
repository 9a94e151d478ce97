package dev.resilient.sample.downstream;

import dev.resilient.spring.Resilient;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

/**
 * Asks the inventory service how many units of an article are in stock. Profile {@code inventory}:
 * retries with exponential backoff and jitter, a circuit breaker, a timeout per attempt, alerting
 * and error aggregation; when all that fails, the stock is reported as unknown.
 */
@Component
public class InventoryClient {

    private final RestClient http;

    InventoryClient(RestClient downstreamRestClient) {
        this.http = downstreamRestClient;
    }

    @Resilient(value = "inventory", name = "inventory.stock", fallbackMethod = "stockUnknown")
    public StockLevel stock(String sku) {
        Stock stock = http.get().uri("/inventory/{sku}", sku).retrieve().body(Stock.class);
        return new StockLevel(sku, stock == null ? 0 : stock.available(), "downstream", null);
    }

    StockLevel stockUnknown(String sku, Throwable failure) {
        return new StockLevel(sku, -1, "fallback", Failures.describe(failure));
    }

    record Stock(String sku, int available) {}
}
