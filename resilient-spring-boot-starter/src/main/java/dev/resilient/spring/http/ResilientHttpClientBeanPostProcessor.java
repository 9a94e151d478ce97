package dev.resilient.spring.http;

import java.util.List;
import java.util.Objects;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.util.ClassUtils;

/**
 * Gives each {@code RestClient}, {@code WebClient} and {@code RestTemplate} bean, and each
 * {@code RestClient.Builder} and {@code WebClient.Builder} bean, whose bean name has an entry under
 * {@code resilient.http.client.clients} that client's interceptor or filter, in place of the shared
 * one the builder customizers added. A {@code RestClient} or {@code WebClient} is replaced by a
 * mutated copy; a builder's or a {@code RestTemplate}'s interceptors are changed in place.
 */
final class ResilientHttpClientBeanPostProcessor implements BeanPostProcessor {

    private static final boolean REST_CLIENT = present("org.springframework.web.client.RestClient");
    private static final boolean REST_TEMPLATE = present("org.springframework.web.client.RestTemplate");
    private static final boolean WEB_CLIENT = present("org.springframework.web.reactive.function.client.WebClient");

    private final ObjectProvider<ResilientHttpClients> clients;

    ResilientHttpClientBeanPostProcessor(ObjectProvider<ResilientHttpClients> clients) {
        this.clients = Objects.requireNonNull(clients, "clients");
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (!(REST_CLIENT && Blocking.isClient(bean)) && !(WEB_CLIENT && Reactive.isClient(bean))) {
            return bean;
        }
        ResilientHttpClients resolved = clients.getIfAvailable();
        if (resolved == null || !resolved.hasClient(beanName)) {
            return bean;
        }
        if (REST_CLIENT && Blocking.isClient(bean)) {
            return Blocking.customize(bean, resolved.interceptor(beanName));
        }
        return Reactive.customize(bean, resolved, beanName);
    }

    /** Replaces any resilient interceptor or filter in {@code list} by {@code element}. */
    static <T> void replace(List<T> list, T element) {
        list.removeIf(e -> e instanceof ResilientClientHttpRequestInterceptor || (WEB_CLIENT && Reactive.isFilter(e)));
        list.add(element);
    }

    private static boolean present(String type) {
        return ClassUtils.isPresent(type, ResilientHttpClientBeanPostProcessor.class.getClassLoader());
    }

    /** Kept apart so that the blocking client classes load only when present. */
    private static final class Blocking {
        static boolean isClient(Object bean) {
            return bean instanceof org.springframework.web.client.RestClient
                    || bean instanceof org.springframework.web.client.RestClient.Builder
                    || (REST_TEMPLATE && bean instanceof org.springframework.web.client.RestTemplate);
        }

        static Object customize(Object bean, ResilientClientHttpRequestInterceptor interceptor) {
            if (bean instanceof org.springframework.web.client.RestTemplate template) {
                replace(template.getInterceptors(), interceptor);
                return template;
            }
            if (bean instanceof org.springframework.web.client.RestClient.Builder builder) {
                return builder.requestInterceptors(interceptors -> replace(interceptors, interceptor));
            }
            return ((org.springframework.web.client.RestClient) bean)
                    .mutate()
                    .requestInterceptors(interceptors -> replace(interceptors, interceptor))
                    .build();
        }
    }

    /** Kept apart so that WebFlux classes load only when present. */
    private static final class Reactive {
        static boolean isClient(Object bean) {
            return bean instanceof org.springframework.web.reactive.function.client.WebClient
                    || bean instanceof org.springframework.web.reactive.function.client.WebClient.Builder;
        }

        static boolean isFilter(Object element) {
            return element instanceof ResilientExchangeFilterFunction;
        }

        static Object customize(Object bean, ResilientHttpClients clients, String beanName) {
            ResilientExchangeFilterFunction filter = ResilientWebClientFilters.filter(clients, beanName);
            if (bean instanceof org.springframework.web.reactive.function.client.WebClient.Builder builder) {
                return builder.filters(filters -> replace(filters, filter));
            }
            return ((org.springframework.web.reactive.function.client.WebClient) bean)
                    .mutate()
                    .filters(filters -> replace(filters, filter))
                    .build();
        }
    }
}
