package dev.resilient.sample.downstream;

import dev.resilient.spring.Resilient;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

/**
 * Asks the shipping service for a quote, asynchronously. Profile {@code shipping}: a timeout that
 * completes the future without blocking a thread, a retry, and a failure cache that remembers, per
 * postcode, that quoting failed, so for a while those calls skip the service and take the flat
 * rate at once.
 */
@Component
public class ShippingClient implements DisposableBean {

    /** Flat rate charged when no quote can be had. */
    static final long FLAT_RATE_CENTS = 990;

    private final RestClient http;

    private final ExecutorService executor;

    ShippingClient(RestClient downstreamRestClient) {
        this.http = downstreamRestClient;
        AtomicInteger threads = new AtomicInteger();
        this.executor = Executors.newFixedThreadPool(8, task -> {
            Thread thread = new Thread(task, "shipping-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    @Resilient(value = "shipping", name = "shipping.quote", fallbackMethod = "flatRate")
    public CompletableFuture<ShippingQuote> quote(String postcode) {
        return CompletableFuture.supplyAsync(
                () -> {
                    Quote quote = http.get()
                            .uri("/shipping/quote/{postcode}", postcode)
                            .retrieve()
                            .body(Quote.class);
                    return new ShippingQuote(
                            postcode,
                            quote == null ? FLAT_RATE_CENTS : quote.priceCents(),
                            quote == null ? 5 : quote.days(),
                            "downstream",
                            null);
                },
                executor);
    }

    CompletableFuture<ShippingQuote> flatRate(String postcode, Throwable failure) {
        return CompletableFuture.completedFuture(
                new ShippingQuote(postcode, FLAT_RATE_CENTS, 5, "fallback", Failures.describe(failure)));
    }

    @Override
    public void destroy() {
        executor.shutdownNow();
    }

    record Quote(String postcode, long priceCents, int days) {}
}
