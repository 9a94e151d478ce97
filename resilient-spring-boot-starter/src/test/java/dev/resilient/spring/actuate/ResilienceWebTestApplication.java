package dev.resilient.spring.actuate;

import dev.resilient.circuitbreaker.CircuitBreakerConfig;
import dev.resilient.pipeline.PipelineConfig;
import dev.resilient.pipeline.ResiliencePipeline;
import dev.resilient.pipeline.ResilienceRegistry;
import dev.resilient.retry.RetryConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * A small web application with one instance, {@code payments}, built while the context starts.
 * Without Redis: Spring Data Redis is on the test class path only for the shared-state tests.
 */
@SpringBootConfiguration
@EnableAutoConfiguration(
        excludeName = {
            "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration",
            "org.springframework.boot.data.redis.autoconfigure.DataRedisReactiveAutoConfiguration",
            "org.springframework.boot.data.redis.autoconfigure.DataRedisRepositoriesAutoConfiguration"
        })
class ResilienceWebTestApplication {

    @Bean(destroyMethod = "close")
    ResilienceRegistry resilienceRegistry() {
        return new ResilienceRegistry();
    }

    @Bean
    ResiliencePipeline paymentsPipeline(ResilienceRegistry registry) {
        return registry.pipeline(
                "payments",
                PipelineConfig.builder()
                        .retry(RetryConfig.builder()
                                .maxAttempts(2)
                                .baseDelay(Duration.ofMillis(1))
                                .build())
                        .circuitBreaker(CircuitBreakerConfig.builder()
                                .failureThreshold(2)
                                .recoveryTimeout(Duration.ofMinutes(10))
                                .build())
                        .build());
    }

    /** Fails calls until the payments circuit opens. */
    static void openTheCircuit(ResiliencePipeline pipeline) {
        try {
            pipeline.execute(() -> {
                throw new IOException("down");
            });
        } catch (Exception expected) {
            // retried once, then the second failure opened the circuit
        }
    }

    static HttpResponse<String> get(int port, String path) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> post(int port, String path, String json) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(json))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }
}
