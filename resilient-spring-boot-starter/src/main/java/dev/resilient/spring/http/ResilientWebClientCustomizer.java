package dev.resilient.spring.http;

import java.util.Objects;
import org.springframework.boot.webclient.WebClientCustomizer;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Adds a {@link ResilientExchangeFilterFunction} to every {@code WebClient.Builder} Spring Boot
 * hands out, so every {@code WebClient} built from it runs its exchanges through the pipeline.
 */
public class ResilientWebClientCustomizer implements WebClientCustomizer {

    private final ResilientExchangeFilterFunction filter;

    public ResilientWebClientCustomizer(ResilientExchangeFilterFunction filter) {
        this.filter = Objects.requireNonNull(filter, "filter");
    }

    /** The filter this customizer adds. */
    public ResilientExchangeFilterFunction filter() {
        return filter;
    }

    @Override
    public void customize(WebClient.Builder builder) {
        builder.filters(filters -> {
            if (!filters.contains(filter)) {
                filters.add(filter);
            }
        });
    }
}
