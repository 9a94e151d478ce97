package dev.resilient.spring.http;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.restclient.RestTemplateBuilder;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.http.client.reactive.JdkClientHttpConnector;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientResponseException;
import org.springframework.web.client.RestTemplate;
import org.springframework.web.client.support.RestClientAdapter;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientResponseException;
import org.springframework.web.reactive.function.client.support.WebClientAdapter;
import org.springframework.web.service.annotation.GetExchange;
import org.springframework.web.service.annotation.PostExchange;
import org.springframework.web.service.invoker.HttpServiceProxyFactory;

/**
 * The HTTP clients a user builds from the builders Spring Boot auto-configures, each behind one
 * small interface, so that every test runs through every integration: {@code RestClient},
 * {@code RestTemplate}, {@code WebClient} and {@code @HttpExchange} interface clients on either.
 */
enum HttpClients {
    REST_CLIENT {
        @Override
        Caller caller(ApplicationContext context, URI base) {
            RestClient client = restClient(context, base);
            return new Caller() {
                @Override
                public String get(String path) {
                    return client.get().uri(path).retrieve().body(String.class);
                }

                @Override
                public String post(String path, String body, Map<String, String> headers) {
                    return client.post()
                            .uri(path)
                            .headers(h -> headers.forEach(h::add))
                            .body(body)
                            .retrieve()
                            .body(String.class);
                }
            };
        }
    },
    REST_TEMPLATE {
        @Override
        Caller caller(ApplicationContext context, URI base) {
            RestTemplate template = context.getBean(RestTemplateBuilder.class)
                    .rootUri(base.toString())
                    .build();
            template.setRequestFactory(new JdkClientHttpRequestFactory());
            return new Caller() {
                @Override
                public String get(String path) {
                    return template.getForObject(path, String.class);
                }

                @Override
                public String post(String path, String body, Map<String, String> headers) {
                    HttpHeaders h = new HttpHeaders();
                    headers.forEach(h::add);
                    return template.postForObject(path, new HttpEntity<>(body, h), String.class);
                }
            };
        }
    },
    WEB_CLIENT {
        @Override
        Caller caller(ApplicationContext context, URI base) {
            WebClient client = webClient(context, base);
            return new Caller() {
                @Override
                public String get(String path) {
                    return client.get()
                            .uri(path)
                            .retrieve()
                            .bodyToMono(String.class)
                            .block(BLOCK);
                }

                @Override
                public String post(String path, String body, Map<String, String> headers) {
                    return client.post()
                            .uri(path)
                            .headers(h -> headers.forEach(h::add))
                            .bodyValue(body)
                            .retrieve()
                            .bodyToMono(String.class)
                            .block(BLOCK);
                }
            };
        }
    },
    HTTP_EXCHANGE_ON_REST_CLIENT {
        @Override
        Caller caller(ApplicationContext context, URI base) {
            return exchange(HttpServiceProxyFactory.builderFor(RestClientAdapter.create(restClient(context, base)))
                    .build()
                    .createClient(Api.class));
        }
    },
    HTTP_EXCHANGE_ON_WEB_CLIENT {
        @Override
        Caller caller(ApplicationContext context, URI base) {
            return exchange(HttpServiceProxyFactory.builderFor(WebClientAdapter.create(webClient(context, base)))
                    .build()
                    .createClient(Api.class));
        }
    };

    static final Duration BLOCK = Duration.ofSeconds(30);

    /** What a test does with a client: a GET and a POST, relative to the client's base URL. */
    interface Caller {
        String get(String path);

        String post(String path, String body, Map<String, String> headers);
    }

    /** An {@code @HttpExchange} interface client. */
    interface Api {
        @GetExchange("/{path}")
        String get(@PathVariable String path);

        @PostExchange("/{path}")
        String post(@PathVariable String path, @RequestBody String body, @RequestHeader Map<String, String> headers);
    }

    abstract Caller caller(ApplicationContext context, URI base);

    /** Whether this client runs on {@code WebClient}. */
    boolean reactive() {
        return this == WEB_CLIENT || this == HTTP_EXCHANGE_ON_WEB_CLIENT;
    }

    /** The status of the exception the client throws for an error response, or -1. */
    static int status(Throwable failure) {
        if (failure instanceof RestClientResponseException e) {
            return e.getStatusCode().value();
        }
        if (failure instanceof WebClientResponseException e) {
            return e.getStatusCode().value();
        }
        return -1;
    }

    static RestClient restClient(ApplicationContext context, URI base) {
        return context.getBean(RestClient.Builder.class)
                .baseUrl(base.toString())
                .requestFactory(new JdkClientHttpRequestFactory())
                .build();
    }

    static WebClient webClient(ApplicationContext context, URI base) {
        return context.getBean(WebClient.Builder.class)
                .baseUrl(base.toString())
                .clientConnector(new JdkClientHttpConnector())
                .build();
    }

    private static Caller exchange(Api api) {
        return new Caller() {
            @Override
            public String get(String path) {
                return api.get(path.startsWith("/") ? path.substring(1) : path);
            }

            @Override
            public String post(String path, String body, Map<String, String> headers) {
                return api.post(path.startsWith("/") ? path.substring(1) : path, body, headers);
            }
        };
    }
}
