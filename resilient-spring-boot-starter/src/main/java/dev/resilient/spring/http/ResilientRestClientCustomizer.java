package dev.resilient.spring.http;

import java.util.Objects;
import org.springframework.boot.restclient.RestClientCustomizer;
import org.springframework.web.client.RestClient;

/**
 * Adds a {@link ResilientClientHttpRequestInterceptor} to every {@code RestClient.Builder} Spring
 * Boot hands out, so every {@code RestClient} built from it runs its requests through the pipeline.
 */
public class ResilientRestClientCustomizer implements RestClientCustomizer {

    private final ResilientClientHttpRequestInterceptor interceptor;

    public ResilientRestClientCustomizer(ResilientClientHttpRequestInterceptor interceptor) {
        this.interceptor = Objects.requireNonNull(interceptor, "interceptor");
    }

    /** The interceptor this customizer adds. */
    public ResilientClientHttpRequestInterceptor interceptor() {
        return interceptor;
    }

    @Override
    public void customize(RestClient.Builder builder) {
        builder.requestInterceptors(interceptors -> {
            if (!interceptors.contains(interceptor)) {
                interceptors.add(interceptor);
            }
        });
    }
}
