package dev.resilient.spring.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.resilient.spring.actuate.ResilienceEndpoint;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

/**
 * {@code consecutiveFailures} of {@code /actuator/resilience/{name}} counts the failure streak of the
 * current CLOSED period: the streak that opens the circuit is not shown once it is OPEN.
 */
class BreakerStreakEndpointTest {

    @SuppressWarnings("unchecked")
    private static Map<String, Object> breaker(ResilienceEndpoint endpoint) {
        return (Map<String, Object>) endpoint.instance("http-client").get("circuitBreaker");
    }

    @Test
    void theStreakIsOfTheCurrentClosedPeriodAndResetsWhenTheCircuitOpens() throws Exception {
        HttpClientIntegrationTest.STARTER
                .withPropertyValues(
                        "resilient.profiles.http.circuit-breaker.failure-threshold=2",
                        "resilient.profiles.http.retry.max-attempts=1")
                .run(context -> {
                    ResilienceEndpoint endpoint = context.getBean(ResilienceEndpoint.class);
                    try (LoopbackServer server = new LoopbackServer()) {
                        server.reply(LoopbackServer.Reply.of(503));
                        RestClient client = context.getBean(RestClient.Builder.class)
                                .baseUrl(server.uri("/").toString())
                                .requestFactory(new JdkClientHttpRequestFactory())
                                .build();

                        catchThrowable(() -> client.get().retrieve().body(String.class));
                        assertThat(breaker(endpoint))
                                .containsEntry("state", "CLOSED")
                                .containsEntry("consecutiveFailures", 1);

                        catchThrowable(() -> client.get().retrieve().body(String.class));
                        assertThat(breaker(endpoint))
                                .containsEntry("state", "OPEN")
                                .containsEntry("consecutiveFailures", 0)
                                .containsEntry("stateTransitions", 1L)
                                .containsEntry("failedCalls", 2L);
                        assertThat(server.requests()).isEqualTo(2);
                    }
                });
    }
}
