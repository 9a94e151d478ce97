package dev.resilient.spring.http;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.web.client.RestClientCustomizer;
import org.springframework.boot.web.client.RestTemplateCustomizer;
import org.springframework.boot.web.reactive.function.client.WebClientCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * On Spring Boot 3.5, adds the interceptor and the filter of {@link ResilientHttpClientAutoConfiguration}
 * to the builders Boot hands out through Boot 3's customizers ({@code org.springframework.boot.web.client}
 * and {@code org.springframework.boot.web.reactive.function.client}, which Spring Boot 4 moved to
 * {@code spring-boot-restclient} and {@code spring-boot-webclient}). Same opt-in, same shared pipeline.
 * Compiled against Spring Boot 3.5; nothing of it loads on Spring Boot 4.
 */
@AutoConfiguration(afterName = "dev.resilient.spring.http.ResilientHttpClientAutoConfiguration")
@ConditionalOnClass(name = "org.springframework.boot.web.client.RestClientCustomizer")
public class ResilientBoot3HttpClientAutoConfiguration {

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(
            name = {"org.springframework.web.client.RestClient", "org.springframework.boot.web.client.RestClientCustomizer"})
    @ConditionalOnBean(ResilientClientHttpRequestInterceptor.class)
    static class RestClientConfiguration {

        @Bean
        @ConditionalOnMissingBean(name = "resilientRestClientCustomizer")
        RestClientCustomizer resilientRestClientCustomizer(ResilientClientHttpRequestInterceptor interceptor) {
            return builder -> builder.requestInterceptors(interceptors -> {
                if (!interceptors.contains(interceptor)) {
                    interceptors.add(interceptor);
                }
            });
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(
            name = {
                "org.springframework.web.client.RestTemplate",
                "org.springframework.boot.web.client.RestTemplateCustomizer"
            })
    @ConditionalOnBean(ResilientClientHttpRequestInterceptor.class)
    static class RestTemplateConfiguration {

        @Bean
        @ConditionalOnMissingBean(name = "resilientRestTemplateCustomizer")
        RestTemplateCustomizer resilientRestTemplateCustomizer(ResilientClientHttpRequestInterceptor interceptor) {
            return restTemplate -> {
                if (!restTemplate.getInterceptors().contains(interceptor)) {
                    restTemplate.getInterceptors().add(interceptor);
                }
            };
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(
            name = {
                "org.springframework.web.reactive.function.client.WebClient",
                "org.springframework.boot.web.reactive.function.client.WebClientCustomizer"
            })
    @ConditionalOnBean(ResilientExchangeFilterFunction.class)
    static class WebClientConfiguration {

        @Bean
        @ConditionalOnMissingBean(name = "resilientWebClientCustomizer")
        WebClientCustomizer resilientWebClientCustomizer(ResilientExchangeFilterFunction filter) {
            return builder -> builder.filters(filters -> {
                if (!filters.contains(filter)) {
                    filters.add(filter);
                }
            });
        }
    }
}
