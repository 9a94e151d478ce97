package dev.resilient.spring.http;

import dev.resilient.pipeline.ResiliencePipeline;

/**
 * Factories for applying a {@link ResiliencePipeline} to Spring's HTTP clients by hand:
 *
 * <pre>{@code
 * RestClient client = RestClient.builder()
 *         .requestInterceptor(ResilientHttp.interceptor(pipeline))
 *         .build();
 * WebClient webClient = WebClient.builder()
 *         .filter(ResilientHttp.filter(pipeline))
 *         .build();
 * }</pre>
 *
 * The methods declare their concrete return types, so that this class also loads when only one of
 * the two client stacks is on the class path.
 */
public final class ResilientHttp {

    private ResilientHttp() {}

    /** An interceptor for {@code RestClient} / {@code RestTemplate} with the default failure statuses. */
    public static ResilientClientHttpRequestInterceptor interceptor(ResiliencePipeline pipeline) {
        return new ResilientClientHttpRequestInterceptor(pipeline);
    }

    /** An interceptor for {@code RestClient} / {@code RestTemplate} with {@code policy}. */
    public static ResilientClientHttpRequestInterceptor interceptor(
            ResiliencePipeline pipeline, HttpFailurePolicy policy) {
        return new ResilientClientHttpRequestInterceptor(pipeline, policy);
    }

    /** A filter for {@code WebClient} with the default failure statuses. */
    public static ResilientExchangeFilterFunction filter(ResiliencePipeline pipeline) {
        return new ResilientExchangeFilterFunction(pipeline);
    }

    /** A filter for {@code WebClient} with {@code policy}. */
    public static ResilientExchangeFilterFunction filter(ResiliencePipeline pipeline, HttpFailurePolicy policy) {
        return new ResilientExchangeFilterFunction(pipeline, policy);
    }
}
