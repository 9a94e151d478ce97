package dev.resilient.spring.http;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Opt-in resilience for the {@code RestClient}, {@code RestTemplate} and {@code WebClient} builders
 * Spring Boot auto-configures, and for HTTP service clients ({@code @HttpExchange}):
 * {@code resilient.http.client.*}. The top-level keys configure every client; entries under
 * {@code clients} give one client (a {@code RestClient} / {@code WebClient} / {@code RestTemplate}
 * bean by bean name, an HTTP service group by group name, or every request to the listed hosts) its
 * own profile and settings, inheriting what they leave unset.
 */
@ConfigurationProperties("resilient.http.client")
public class ResilientHttpClientProperties {

    /** Whether the auto-configured HTTP client builders run every request through a pipeline. */
    private boolean enabled;

    /** The profile configuring the pipeline, e.g. the built-in "http" profile. Required when enabled. */
    private @Nullable String profile;

    /** The instance name: the circuit breaker, rate limiter and counters all clients share. */
    private String name = "http-client";

    /**
     * The response status codes counted as failures (retried when the profile's retry-on-status lists
     * them, recorded by the circuit breaker). Default 408, 429 and 500-599.
     */
    private Set<Integer> failureStatuses = new LinkedHashSet<>(HttpFailurePolicy.DEFAULT_FAILURE_STATUSES);

    /** The cap of a server's Retry-After hint. */
    private Duration maxRetryAfter = HttpFailurePolicy.DEFAULT_MAX_RETRY_AFTER;

    /** How much of a failure response's body is kept so that the last one can be handed back. */
    private DataSize maxBufferedBody = DataSize.ofKilobytes(64);

    /**
     * Whether requests whose method is not idempotent (POST, PATCH) are retried too. By default only
     * GET, HEAD, OPTIONS, PUT, DELETE and TRACE are, and requests carrying the idempotency key header.
     */
    private boolean retryUnsafeMethods;

    /** The request header that makes any request safe to retry; empty: none does. */
    private String idempotencyKeyHeader = HttpFailurePolicy.DEFAULT_IDEMPOTENCY_KEY_HEADER;

    /**
     * Whether each URI authority (host:port) gets its own instance, named "name@host:port": its own
     * circuit breaker, rate limiter, retry budget and counters.
     */
    private boolean perHost;

    /** With per-host, the most hosts kept; the least recently used host's instance and meters go. */
    private int maxHosts = 100;

    /** Settings of single clients, by bean name, HTTP service group name or a name of your choice with hosts. */
    private Map<String, Client> clients = new LinkedHashMap<>();

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public @Nullable String getProfile() {
        return profile;
    }

    public void setProfile(@Nullable String profile) {
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

    public boolean isRetryUnsafeMethods() {
        return retryUnsafeMethods;
    }

    public void setRetryUnsafeMethods(boolean retryUnsafeMethods) {
        this.retryUnsafeMethods = retryUnsafeMethods;
    }

    public String getIdempotencyKeyHeader() {
        return idempotencyKeyHeader;
    }

    public void setIdempotencyKeyHeader(String idempotencyKeyHeader) {
        this.idempotencyKeyHeader = idempotencyKeyHeader;
    }

    public boolean isPerHost() {
        return perHost;
    }

    public void setPerHost(boolean perHost) {
        this.perHost = perHost;
    }

    public int getMaxHosts() {
        return maxHosts;
    }

    public void setMaxHosts(int maxHosts) {
        this.maxHosts = maxHosts;
    }

    public Map<String, Client> getClients() {
        return clients;
    }

    public void setClients(Map<String, Client> clients) {
        this.clients = clients;
    }

    /**
     * The failure policy these properties describe.
     *
     * @throws IllegalArgumentException naming the property and the value when a value is invalid
     */
    public HttpFailurePolicy toPolicy() {
        return toPolicy(null, null);
    }

    /**
     * The failure policy of client {@code key}: its own values, the top-level ones where it sets none.
     *
     * @throws IllegalArgumentException naming the property and the value when a value is invalid
     */
    public HttpFailurePolicy toPolicy(String key) {
        return toPolicy(key, clients.get(key));
    }

    private HttpFailurePolicy toPolicy(@Nullable String key, @Nullable Client client) {
        String prefix = "resilient.http.client." + (client == null ? "" : "clients." + key + ".");
        Set<Integer> statuses =
                client != null && client.getFailureStatuses() != null ? client.getFailureStatuses() : failureStatuses;
        Duration cap = client != null && client.getMaxRetryAfter() != null ? client.getMaxRetryAfter() : maxRetryAfter;
        boolean unsafe = client != null && client.getRetryUnsafeMethods() != null
                ? client.getRetryUnsafeMethods()
                : retryUnsafeMethods;
        String header = client != null && client.getIdempotencyKeyHeader() != null
                ? client.getIdempotencyKeyHeader()
                : idempotencyKeyHeader;
        HttpFailurePolicy.Builder builder = HttpFailurePolicy.builder().retryUnsafeMethods(unsafe);
        check(prefix + "idempotency-key-header", header, () -> builder.idempotencyKeyHeader(header));
        if (statuses != null) {
            check(prefix + "failure-statuses", statuses, () -> builder.failureStatuses(statuses));
        }
        if (cap != null) {
            check(prefix + "max-retry-after", cap, () -> builder.maxRetryAfter(cap));
        }
        if (maxBufferedBody != null) {
            long bytes = maxBufferedBody.toBytes();
            check("resilient.http.client.max-buffered-body", maxBufferedBody, () -> {
                if (bytes > Integer.MAX_VALUE - 8) {
                    throw new IllegalArgumentException("maxBufferedBody must be < 2GB");
                }
                builder.maxBufferedBody((int) bytes);
            });
        }
        return builder.build();
    }

    private static void check(String property, @Nullable Object value, Runnable apply) {
        try {
            apply.run();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(property + " is invalid: " + e.getMessage() + " (was " + value + ")", e);
        }
    }

    /**
     * One client's settings: {@code resilient.http.client.clients.<key>.*}. The key is a
     * {@code RestClient}, {@code WebClient} or {@code RestTemplate} bean name or an HTTP service group
     * name; with {@code hosts}, every request to those hosts (from any customized client) uses these
     * settings too. Unset values come from the top-level keys.
     */
    public static class Client {

        /** The profile of this client's pipeline; default: resilient.http.client.profile. */
        private @Nullable String profile;

        /** The instance name of this client's pipeline; default: the key. */
        private @Nullable String name;

        /** Hosts (from the base URL, e.g. api.example.com) whose requests use this client's settings. */
        private List<String> hosts = new ArrayList<>();

        /** Whether each URI authority gets its own instance; default: resilient.http.client.per-host. */
        private @Nullable Boolean perHost;

        /** With per-host, the most hosts kept; default: resilient.http.client.max-hosts. */
        private @Nullable Integer maxHosts;

        /** Whether POST and PATCH are retried too; default: resilient.http.client.retry-unsafe-methods. */
        private @Nullable Boolean retryUnsafeMethods;

        /** The header that makes a request safe to retry; default: resilient.http.client.idempotency-key-header. */
        private @Nullable String idempotencyKeyHeader;

        /** Statuses counted as failures; default: resilient.http.client.failure-statuses. */
        private @Nullable Set<Integer> failureStatuses;

        /** The cap of Retry-After; default: resilient.http.client.max-retry-after. */
        private @Nullable Duration maxRetryAfter;

        public @Nullable String getProfile() {
            return profile;
        }

        public void setProfile(@Nullable String profile) {
            this.profile = profile;
        }

        public @Nullable String getName() {
            return name;
        }

        public void setName(@Nullable String name) {
            this.name = name;
        }

        public List<String> getHosts() {
            return hosts;
        }

        public void setHosts(List<String> hosts) {
            this.hosts = hosts;
        }

        public @Nullable Boolean getPerHost() {
            return perHost;
        }

        public void setPerHost(@Nullable Boolean perHost) {
            this.perHost = perHost;
        }

        public @Nullable Integer getMaxHosts() {
            return maxHosts;
        }

        public void setMaxHosts(@Nullable Integer maxHosts) {
            this.maxHosts = maxHosts;
        }

        public @Nullable Boolean getRetryUnsafeMethods() {
            return retryUnsafeMethods;
        }

        public void setRetryUnsafeMethods(@Nullable Boolean retryUnsafeMethods) {
            this.retryUnsafeMethods = retryUnsafeMethods;
        }

        public @Nullable String getIdempotencyKeyHeader() {
            return idempotencyKeyHeader;
        }

        public void setIdempotencyKeyHeader(@Nullable String idempotencyKeyHeader) {
            this.idempotencyKeyHeader = idempotencyKeyHeader;
        }

        public @Nullable Set<Integer> getFailureStatuses() {
            return failureStatuses;
        }

        public void setFailureStatuses(@Nullable Set<Integer> failureStatuses) {
            this.failureStatuses = failureStatuses;
        }

        public @Nullable Duration getMaxRetryAfter() {
            return maxRetryAfter;
        }

        public void setMaxRetryAfter(@Nullable Duration maxRetryAfter) {
            this.maxRetryAfter = maxRetryAfter;
        }
    }
}
