package dev.resilient.spring.http;

import java.util.Objects;
import org.springframework.boot.restclient.RestTemplateCustomizer;
import org.springframework.web.client.RestTemplate;

/**
 * Adds a {@link ResilientClientHttpRequestInterceptor} to every {@code RestTemplate} built with
 * Spring Boot's {@code RestTemplateBuilder}.
 */
public class ResilientRestTemplateCustomizer implements RestTemplateCustomizer {

    private final ResilientClientHttpRequestInterceptor interceptor;

    public ResilientRestTemplateCustomizer(ResilientClientHttpRequestInterceptor interceptor) {
        this.interceptor = Objects.requireNonNull(interceptor, "interceptor");
    }

    /** The interceptor this customizer adds. */
    public ResilientClientHttpRequestInterceptor interceptor() {
        return interceptor;
    }

    @Override
    public void customize(RestTemplate restTemplate) {
        if (!restTemplate.getInterceptors().contains(interceptor)) {
            restTemplate.getInterceptors().add(interceptor);
        }
    }
}
