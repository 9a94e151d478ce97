package dev.resilient.spring.http;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Opt-in resilience for the {@code RestClient}, {@code RestTemplate} and {@code WebClient} builders
 * Spring Boot auto-configures: {@code resilient.http.client.*}.
 */
@ConfigurationProperties("resilient.http.client")
public class ResilientHttpClientProperties {

    /** Whether the auto-configured HTTP client builders run every request through a pipeline. */
    private boolean enabled;

    /** The profile configuring the pipeline, e.g. the built-in "http" profile. Required when enabled. */
    private String profile;

    /** The instance name: the circuit breaker, rate limiter and counters all clients share. */
    private String name = "http-client";

    /**
     * The response status codes counted as failures (retried, recorded by the circuit breaker).
     * Default 500, 502, 503, 504 and 429; add 408 to count request timeouts too.
     */
    private Set<Integer> failureStatuses = new LinkedHashSet<>(HttpFailurePolicy.DEFAULT_FAILURE_STATUSES);

    /** The cap of a server's Retry-After hint. */
    private Duration maxRetryAfter = Duration.ofSeconds(60);

    /** How much of a failure response's body is kept so that the last one can be handed back. */
    private DataSize maxBufferedBody = DataSize.ofKilobytes(64);

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public String getProfile() {
        return profile;
    }

    public void setProfile(String profile) {
        this.profile = profile;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public Set<Integer> getFailureStatuses() {
        return failureStatuses;
    }

    public void setFailureStatuses(Set<Integer> failureStatuses) {
        this.failureStatuses = failureStatuses;
    }

    public Duration getMaxRetryAfter() {
        return maxRetryAfter;
    }

    public void setMaxRetryAfter(Duration maxRetryAfter) {
        this.maxRetryAfter = maxRetryAfter;
    }

    public DataSize getMaxBufferedBody() {
        return maxBufferedBody;
    }

    public void setMaxBufferedBody(DataSize maxBufferedBody) {
        this.maxBufferedBody = maxBufferedBody;
    }

    /**
     * The failure policy these properties describe.
     *
     * @throws IllegalArgumentException naming the property and the value when a value is invalid
     */
    public HttpFailurePolicy toPolicy() {
        HttpFailurePolicy.Builder builder = HttpFailurePolicy.builder();
        if (failureStatuses != null) {
            check("failure-statuses", failureStatuses, () -> builder.failureStatuses(failureStatuses));
        }
        if (maxRetryAfter != null) {
            check("max-retry-after", maxRetryAfter, () -> builder.maxRetryAfter(maxRetryAfter));
        }
        if (maxBufferedBody != null) {
            long bytes = maxBufferedBody.toBytes();
            check("max-buffered-body", maxBufferedBody, () -> {
                if (bytes > Integer.MAX_VALUE - 8) {
                    throw new IllegalArgumentException("maxBufferedBody must be < 2GB");
                }
                builder.maxBufferedBody((int) bytes);
            });
        }
        return builder.build();
    }

    private static void check(String property, Object value, Runnable apply) {
        try {
            apply.run();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "resilient.http.client." + property + " is invalid: " + e.getMessage() + " (was " + value + ")", e);
        }
    }
}
