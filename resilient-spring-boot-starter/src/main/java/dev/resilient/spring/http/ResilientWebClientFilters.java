package dev.resilient.spring.http;

/**
 * The {@code WebClient} filters of the clients configured under {@code resilient.http.client}: kept
 * apart from {@link ResilientHttpClients} so that class loads without WebFlux. A filter shares the
 * pipeline (or the per-host pipelines) of the interceptor of the same client, and is made once.
 */
public final class ResilientWebClientFilters {

    private ResilientWebClientFilters() {}

    /** The filter every customized {@code WebClient} gets. */
    public static ResilientExchangeFilterFunction filter(ResilientHttpClients clients) {
        return clients.element(null, ResilientExchangeFilterFunction::new);
    }

    /**
     * The filter of client {@code key}.
     *
     * @throws IllegalArgumentException when {@code key} has no entry under
     *     {@code resilient.http.client.clients}
     */
    public static ResilientExchangeFilterFunction filter(ResilientHttpClients clients, String key) {
        return clients.element(key, ResilientExchangeFilterFunction::new);
    }
}
