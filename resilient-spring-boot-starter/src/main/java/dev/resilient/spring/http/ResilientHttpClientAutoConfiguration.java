package dev.resilient.spring.http;

import dev.resilient.pipeline.ResiliencePipeline;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.support.RestClientHttpServiceGroupConfigurer;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.support.WebClientHttpServiceGroupConfigurer;

/**
 * Opt-in resilience for the HTTP client builders Spring Boot auto-configures. With
 * {@code resilient.http.client.enabled=true} and {@code resilient.http.client.profile} set, and an
 * {@link HttpResiliencePipelines} bean present, it contributes:
 *
 * <ul>
 * <li>a {@link ResilientRestClientCustomizer} (every {@code RestClient.Builder}) and a
 * {@link ResilientRestTemplateCustomizer} (every {@code RestTemplateBuilder}) adding one shared
 * {@link ResilientClientHttpRequestInterceptor};</li>
 * <li>a {@link ResilientWebClientCustomizer} (every {@code WebClient.Builder}) adding a
 * {@link ResilientExchangeFilterFunction}.</li>
 * </ul>
 *
 * All of them apply the pipeline of instance {@code resilient.http.client.name} (default
 * {@code http-client}) configured by the profile, so they share one circuit breaker (with
 * {@code per-host}, one per URI authority). Entries under {@code resilient.http.client.clients}
 * give a {@code RestClient} / {@code WebClient} / {@code RestTemplate} bean of that name, an HTTP
 * service group of that name, or requests to the hosts they list their own pipeline (see
 * {@link ResilientHttpClients}). {@code enabled=true} without a profile, an unknown profile or an
 * invalid value fails the start-up with a message naming the property.
 *
 * <p>The customizers are those of Spring Boot 4 ({@code spring-boot-restclient},
 * {@code spring-boot-webclient}); on Spring Boot 3.5 {@code ResilientBoot3HttpClientAutoConfiguration}
 * adds the same interceptor and filter through Boot 3's customizers.
 */
@AutoConfiguration(afterName = "dev.resilient.spring.autoconfigure.ResilientAutoConfiguration")
@ConditionalOnClass(ResiliencePipeline.class)
@EnableConfigurationProperties(ResilientHttpClientProperties.class)
public class ResilientHttpClientAutoConfiguration {

    /** Validates the properties once the user opted in. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnBooleanProperty("resilient.http.client.enabled")
    static class PolicyConfiguration {

        @Bean
        @ConditionalOnMissingBean
        HttpFailurePolicy resilientHttpClientFailurePolicy(ResilientHttpClientProperties properties) {
            if (properties.getProfile() == null || properties.getProfile().isBlank()) {
                throw new IllegalStateException("resilient.http.client.profile must name a profile (e.g. 'http') "
                        + "when resilient.http.client.enabled is true");
            }
            if (properties.getName() == null || properties.getName().isBlank()) {
                throw new IllegalStateException(
                        "resilient.http.client.name must not be blank but was '" + properties.getName() + "'");
            }
            return properties.toPolicy();
        }
    }

    /** The clients' settings and pipelines. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnBooleanProperty("resilient.http.client.enabled")
    @ConditionalOnProperty(prefix = "resilient.http.client", name = "profile")
    @ConditionalOnBean(HttpResiliencePipelines.class)
    static class ClientsConfiguration {

        @Bean
        @ConditionalOnMissingBean
        ResilientHttpClients resilientHttpClients(
                HttpResiliencePipelines pipelines, ResilientHttpClientProperties properties, HttpFailurePolicy policy) {
            return new ResilientHttpClients(pipelines, properties, policy);
        }

        /** Gives the beans named under {@code clients} their own interceptor or filter. */
        @Bean
        static BeanPostProcessor resilientHttpClientBeanPostProcessor(ObjectProvider<ResilientHttpClients> clients) {
            return new ResilientHttpClientBeanPostProcessor(clients);
        }
    }

    /** The interceptor shared by {@code RestClient} and {@code RestTemplate}. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(ClientHttpRequestInterceptor.class)
    @ConditionalOnBooleanProperty("resilient.http.client.enabled")
    @ConditionalOnProperty(prefix = "resilient.http.client", name = "profile")
    @ConditionalOnBean(HttpResiliencePipelines.class)
    static class InterceptorConfiguration {

        @Bean
        @ConditionalOnMissingBean
        ResilientClientHttpRequestInterceptor resilientHttpClientInterceptor(ResilientHttpClients clients) {
            return clients.interceptor();
        }

        /** HTTP service groups ({@code @HttpExchange} clients on {@code RestClient}) named under {@code clients}. */
        @Configuration(proxyBeanMethods = false)
        @ConditionalOnClass(
                name = {
                    "org.springframework.web.client.RestClient",
                    "org.springframework.web.client.support.RestClientHttpServiceGroupConfigurer"
                })
        static class RestClientGroupConfiguration {

            @Bean
            RestClientHttpServiceGroupConfigurer resilientRestClientHttpServiceGroupConfigurer(
                    ResilientHttpClients clients) {
                return new RestClientHttpServiceGroupConfigurer() {
                    @Override
                    public void configureGroups(Groups<RestClient.Builder> groups) {
                        groups.forEachClient((group, builder) -> {
                            if (clients.hasClient(group.name())) {
                                builder.requestInterceptors(
                                        interceptors -> ResilientHttpClientBeanPostProcessor.replace(
                                                interceptors, clients.interceptor(group.name())));
                            }
                        });
                    }

                    @Override
                    public int getOrder() {
                        return Ordered.LOWEST_PRECEDENCE; // after the configurer applying the customizers
                    }
                };
            }
        }

        @Configuration(proxyBeanMethods = false)
        @ConditionalOnClass(
                name = {
                    "org.springframework.web.client.RestClient",
                    "org.springframework.boot.restclient.RestClientCustomizer"
                })
        static class RestClientConfiguration {

            @Bean
            @ConditionalOnMissingBean
            ResilientRestClientCustomizer resilientRestClientCustomizer(
                    ResilientClientHttpRequestInterceptor interceptor) {
                return new ResilientRestClientCustomizer(interceptor);
            }
        }

        @Configuration(proxyBeanMethods = false)
        @ConditionalOnClass(
                name = {
                    "org.springframework.web.client.RestTemplate",
                    "org.springframework.boot.restclient.RestTemplateCustomizer"
                })
        static class RestTemplateConfiguration {

            @Bean
            @ConditionalOnMissingBean
            ResilientRestTemplateCustomizer resilientRestTemplateCustomizer(
                    ResilientClientHttpRequestInterceptor interceptor) {
                return new ResilientRestTemplateCustomizer(interceptor);
            }
        }
    }

    /** The filter for {@code WebClient}. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.web.reactive.function.client.WebClient")
    @ConditionalOnBooleanProperty("resilient.http.client.enabled")
    @ConditionalOnProperty(prefix = "resilient.http.client", name = "profile")
    @ConditionalOnBean(HttpResiliencePipelines.class)
    static class WebClientConfiguration {

        @Bean
        @ConditionalOnMissingBean
        ResilientExchangeFilterFunction resilientHttpClientFilter(ResilientHttpClients clients) {
            return ResilientWebClientFilters.filter(clients);
        }

        /** HTTP service groups ({@code @HttpExchange} clients on {@code WebClient}) named under {@code clients}. */
        @Configuration(proxyBeanMethods = false)
        @ConditionalOnClass(
                name = "org.springframework.web.reactive.function.client.support.WebClientHttpServiceGroupConfigurer")
        static class WebClientGroupConfiguration {

            @Bean
            WebClientHttpServiceGroupConfigurer resilientWebClientHttpServiceGroupConfigurer(
                    ResilientHttpClients clients) {
                return new WebClientHttpServiceGroupConfigurer() {
                    @Override
                    public void configureGroups(Groups<WebClient.Builder> groups) {
                        groups.forEachClient((group, builder) -> {
                            if (clients.hasClient(group.name())) {
                                builder.filters(filters -> ResilientHttpClientBeanPostProcessor.replace(
                                        filters, ResilientWebClientFilters.filter(clients, group.name())));
                            }
                        });
                    }

                    @Override
                    public int getOrder() {
                        return Ordered.LOWEST_PRECEDENCE; // after the configurer applying the customizers
                    }
                };
            }
        }

        @Configuration(proxyBeanMethods = false)
        @ConditionalOnClass(name = "org.springframework.boot.webclient.WebClientCustomizer")
        static class WebClientCustomizerConfiguration {

            @Bean
            @ConditionalOnMissingBean
            ResilientWebClientCustomizer resilientWebClientCustomizer(ResilientExchangeFilterFunction filter) {
                return new ResilientWebClientCustomizer(filter);
            }
        }
    }
}
