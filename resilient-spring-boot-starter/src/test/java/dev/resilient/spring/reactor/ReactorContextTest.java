package dev.resilient.spring.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resilient.spring.Resilient;
import dev.resilient.spring.autoconfigure.ResilientAutoConfiguration;
import io.micrometer.context.ContextRegistry;
import io.micrometer.context.integration.Slf4jThreadLocalAccessor;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.WebFilter;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Hooks;
import reactor.core.publisher.Mono;
import reactor.util.context.Context;

/**
 * Mono and Flux methods see their subscriber's Reactor Context — in every attempt and in the fallback
 * method — as a WebFlux application writes it (a {@link WebFilter} putting the request id in the
 * Context, the request served by WebFlux's own dispatcher), and Micrometer's automatic context
 * propagation restores thread-locals from that Context inside retried attempts.
 */
class ReactorContextTest {

    private static final ThreadLocal<String> TENANT = new ThreadLocal<>();

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class, ResilientAutoConfiguration.class))
            .withPropertyValues(
                    "resilient.defaults.retry.delay=1ms", "resilient.defaults.retry.retry-on=java.io.IOException")
            .withUserConfiguration(Beans.class);

    private static final WebFilter REQUEST_ID = (exchange, chain) -> chain.filter(exchange)
            .contextWrite(
                    Context.of("requestId", exchange.getRequest().getHeaders().getFirst("X-Request-Id")));

    @Test
    void aWebFluxRequestsContextIsVisibleInsideEveryAttemptAndTheFallback() {
        this.runner.run(context -> {
            WebTestClient client = WebTestClient.bindToController(context.getBean(GreetingController.class))
                    .webFilter(REQUEST_ID)
                    .build();

            client.get()
                    .uri("/hello")
                    .header("X-Request-Id", "r-7")
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectBody(String.class)
                    .isEqualTo("hello r-7 after 2 attempts");

            client.get()
                    .uri("/fallback")
                    .header("X-Request-Id", "r-8")
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectBody(String.class)
                    .isEqualTo("fallback r-8");

            client.get()
                    .uri("/letters")
                    .header("X-Request-Id", "r-9")
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectBody(String.class) // a Flux<String> body is its elements' text
                    .isEqualTo("a:r-9b:r-9");
        });
    }

    @Test
    void automaticContextPropagationRestoresThreadLocalsInRetriedAttempts() {
        ContextRegistry.getInstance()
                .registerThreadLocalAccessor("test.tenant", TENANT::get, TENANT::set, TENANT::remove);
        Hooks.enableAutomaticContextPropagation();
        try {
            this.runner.run(context -> {
                Greeter greeter = context.getBean(Greeter.class);
                String seen = greeter.tenant()
                        .contextWrite(Context.of("test.tenant", "acme"))
                        .block();
                assertThat(seen).isEqualTo("acme,acme");
            });
        } finally {
            Hooks.disableAutomaticContextPropagation();
            ContextRegistry.getInstance().removeThreadLocalAccessor("test.tenant");
        }
    }

    @Test
    void automaticContextPropagationSetsTheMdcOfTheContextInsideEveryAttempt() {
        ContextRegistry.getInstance().registerThreadLocalAccessor(new Slf4jThreadLocalAccessor("requestId"));
        Hooks.enableAutomaticContextPropagation();
        try {
            this.runner.run(context -> {
                Greeter greeter = context.getBean(Greeter.class);
                String seen = greeter.requestIds()
                        .contextWrite(Context.of(Slf4jThreadLocalAccessor.KEY, Map.of("requestId", "r-5")))
                        .block();
                assertThat(seen).isEqualTo("r-5,r-5");
                assertThat(MDC.get("requestId")).isNull();
            });
        } finally {
            Hooks.disableAutomaticContextPropagation();
            ContextRegistry.getInstance().removeThreadLocalAccessor(Slf4jThreadLocalAccessor.KEY);
        }
    }

    @Test
    void theCallersMdcFollowsARetriedAttemptOnAnotherThread() {
        this.runner.run(context -> {
            Greeter greeter = context.getBean(Greeter.class);
            MDC.put("requestId", "r-6");
            try {
                assertThat(greeter.requestIds().block()).isEqualTo("r-6,r-6");
            } finally {
                MDC.remove("requestId");
            }
        });
    }

    @Configuration(proxyBeanMethods = false)
    static class Beans {
        @Bean
        Greeter greeter() {
            return new Greeter();
        }

        @Bean
        GreetingController greetingController(Greeter greeter) {
            return new GreetingController(greeter);
        }
    }

    @RestController
    static class GreetingController {
        private final Greeter greeter;

        GreetingController(Greeter greeter) {
            this.greeter = greeter;
        }

        @GetMapping("/hello")
        Mono<String> hello() {
            return this.greeter.greet();
        }

        @GetMapping("/fallback")
        Mono<String> fallback() {
            return this.greeter.failing();
        }

        @GetMapping("/letters")
        Flux<String> letters() {
            return this.greeter.letters();
        }
    }

    static class Greeter {
        private final AtomicInteger greetings = new AtomicInteger();
        private final AtomicInteger letters = new AtomicInteger();
        private final AtomicInteger tenants = new AtomicInteger();
        private final StringBuffer tenantsSeen = new StringBuffer();

        /** Fails its first attempt; each attempt reads the subscriber's Context. */
        @Resilient(maxAttempts = "2")
        public Mono<String> greet() {
            return Mono.deferContextual(view -> {
                int attempt = this.greetings.incrementAndGet();
                if (attempt == 1) {
                    return Mono.error(new IOException("first attempt fails: " + view.get("requestId")));
                }
                return Mono.just("hello " + view.get("requestId") + " after " + attempt + " attempts");
            });
        }

        @Resilient(maxAttempts = "1", fallbackMethod = "greetLater")
        public Mono<String> failing() {
            return Mono.error(new IllegalStateException("down"));
        }

        public Mono<String> greetLater(Throwable failure) {
            return Mono.deferContextual(view -> Mono.just("fallback " + view.get("requestId")));
        }

        @Resilient(maxAttempts = "2")
        public Flux<String> letters() {
            return Flux.deferContextual(view -> this.letters.incrementAndGet() == 1
                    ? Flux.error(new IOException("first attempt fails"))
                    : Flux.just("a", "b").map(letter -> letter + ":" + view.get("requestId")));
        }

        private final AtomicInteger requests = new AtomicInteger();
        private final StringBuffer requestIdsSeen = new StringBuffer();

        /** Reads the MDC in each attempt (the first fails) on whatever thread it runs. */
        @Resilient(maxAttempts = "2")
        public Mono<String> requestIds() {
            return Mono.fromCallable(() -> {
                this.requestIdsSeen
                        .append(this.requestIdsSeen.length() == 0 ? "" : ",")
                        .append(MDC.get("requestId"));
                if (this.requests.incrementAndGet() == 1) {
                    throw new IOException("first attempt fails");
                }
                return this.requestIdsSeen.toString();
            });
        }

        /** Reads the thread-local in each attempt (the first fails) on whatever thread it runs. */
        @Resilient(maxAttempts = "2")
        public Mono<String> tenant() {
            return Mono.fromCallable(() -> {
                this.tenantsSeen
                        .append(this.tenantsSeen.length() == 0 ? "" : ",")
                        .append(TENANT.get());
                if (this.tenants.incrementAndGet() == 1) {
                    throw new IOException("first attempt fails");
                }
                return this.tenantsSeen.toString();
            });
        }
    }
}
