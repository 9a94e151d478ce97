package dev.resilient.sample.downstream;

import dev.resilient.http.RetryAfter;
import dev.resilient.sample.SampleProperties;
import dev.resilient.sample.simulator.DownstreamSimulator;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpRequest;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.web.client.RestClient;

/**
 * The {@link RestClient} the downstream clients share: built from Spring Boot's
 * {@code RestClient.Builder} (so {@code spring.http.clients.*} timeouts and HTTP client metrics
 * apply), pointed at {@code sample.downstream.url} or at the embedded simulator, with error statuses
 * turned into {@link DownstreamException}s that the {@code @Resilient} profiles classify.
 */
@Configuration(proxyBeanMethods = false)
class DownstreamConfiguration {

    /** Longest Retry-After hint read from a response; the retry caps it again by its own limit. */
    private static final Duration MAX_RETRY_AFTER = Duration.ofMinutes(5);

    @Bean
    RestClient downstreamRestClient(
            RestClient.Builder builder, SampleProperties properties, ObjectProvider<DownstreamSimulator> simulator) {
        URI base = properties.downstream().url();
        if (base == null) {
            base = simulator.getObject().baseUrl();
        }
        return builder.clone()
                .baseUrl(base.toString())
                .defaultStatusHandler(HttpStatusCode::isError, DownstreamConfiguration::raise)
                .build();
    }

    private static void raise(HttpRequest request, ClientHttpResponse response) throws IOException {
        int status = response.getStatusCode().value();
        String message =
                status + " from " + request.getMethod() + " " + request.getURI().getPath();
        if (status == 408 || status == 429 || status >= 500) {
            String header = response.getHeaders().getFirst(HttpHeaders.RETRY_AFTER);
            Duration retryAfter =
                    RetryAfter.parse(header, Instant.now(), MAX_RETRY_AFTER).orElse(null);
            if (retryAfter != null) {
                message += " (Retry-After " + header + ")";
            }
            throw new DownstreamUnavailableException(message, status, retryAfter);
        }
        throw new DownstreamRejectedException(message, status);
    }
}
