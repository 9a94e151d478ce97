package dev.resilient.spring.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resilient.pipeline.ResilienceRegistry;
import dev.resilient.spring.Resilient;
import dev.resilient.spring.autoconfigure.ResilientAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.support.RestClientAdapter;
import org.springframework.web.service.annotation.GetExchange;
import org.springframework.web.service.invoker.HttpServiceProxyFactory;

/**
 * {@code @Resilient} on the methods of {@code @HttpExchange} interface clients (JDK proxies made
 * by {@code HttpServiceProxyFactory}), against a real HTTP server on loopback: found at start-up,
 * named after the client interface, each client with its own instance.
 */
class HttpExchangeClientTest {

    interface InventoryApi {
        @GetExchange("/inventory/status")
        @Resilient("partner")
        String status();
    }

    interface PaymentsApi {
        @GetExchange("/payments/status")
        @Resilient("partner")
        String status();
    }

    @Test
    void interfaceClientMethodsAreNamedAfterTheirInterfaceAndRetried() throws Exception {
        try (LoopbackServer server = new LoopbackServer()) {
            server.reply(LoopbackServer.Reply.of(503), LoopbackServer.Reply.of(200, "up"));
            new ApplicationContextRunner()
                    .withConfiguration(
                            AutoConfigurations.of(AopAutoConfiguration.class, ResilientAutoConfiguration.class))
                    .withPropertyValues(
                            "resilient.profiles.partner.retry.max-attempts=3",
                            "resilient.profiles.partner.retry.delay=1ms",
                            "resilient.profiles.partner.retry.jitter=none")
                    .withBean(InventoryApi.class, () -> client(server, InventoryApi.class))
                    .withBean(PaymentsApi.class, () -> client(server, PaymentsApi.class))
                    .run(context -> {
                        assertThat(context).hasNotFailed();
                        ResilienceRegistry registry = context.getBean(ResilienceRegistry.class);
                        // both instances exist before the first call
                        assertThat(registry.find("InventoryApi.status")).isPresent();
                        assertThat(registry.find("PaymentsApi.status")).isPresent();

                        assertThat(context.getBean(InventoryApi.class).status()).isEqualTo("up");
                        assertThat(server.requests()).isEqualTo(2);
                        assertThat(registry.find("InventoryApi.status")
                                        .orElseThrow()
                                        .stats()
                                        .retries())
                                .isEqualTo(1);
                        assertThat(registry.find("PaymentsApi.status")
                                        .orElseThrow()
                                        .stats()
                                        .calls())
                                .isZero();
                    });
        }
    }

    private static <T> T client(LoopbackServer server, Class<T> type) {
        RestClient rest =
                RestClient.builder().baseUrl(server.uri("/").toString()).build();
        return HttpServiceProxyFactory.builderFor(RestClientAdapter.create(rest))
                .build()
                .createClient(type);
    }
}
