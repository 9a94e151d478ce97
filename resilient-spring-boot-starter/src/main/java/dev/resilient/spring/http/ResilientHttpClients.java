package dev.resilient.spring.http;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The HTTP clients configured under {@code resilient.http.client}: the shared settings every
 * customized client applies, and the settings of each entry under {@code clients}. Hands out the
 * interceptor (for {@code RestClient} / {@code RestTemplate}) of each, and through
 * {@link ResilientWebClientFilters} the filter (for {@code WebClient}); an interceptor and a filter of
 * the same client share one pipeline (or one set of per-host pipelines). Names no {@code WebClient}
 * type, so it loads without WebFlux. The shared ones route requests to a host listed by a client entry to that client's
 * pipeline. Thread-safe.
 */
public final class ResilientHttpClients {

    private final HttpResiliencePipelines pipelines;
    private final ResilientHttpClientProperties properties;
    private final Map<String, HttpTargets> clients = new LinkedHashMap<>();
    private final HttpTargets shared;
    private final HttpFailurePolicy sharedPolicy;
    private final ConcurrentMap<String, ResilientClientHttpRequestInterceptor> interceptors = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Object> filters = new ConcurrentHashMap<>();

    /**
     * Resolves every client's settings and builds their pipelines; the shared clients judge responses
     * by the top-level properties' policy.
     *
     * @throws IllegalArgumentException naming the property when a value or a profile is invalid
     */
    public ResilientHttpClients(HttpResiliencePipelines pipelines, ResilientHttpClientProperties properties) {
        this(pipelines, properties, properties.toPolicy());
    }

    /**
     * As {@link #ResilientHttpClients(HttpResiliencePipelines, ResilientHttpClientProperties)}, the
     * shared clients judging responses by {@code sharedPolicy} (e.g. an {@link HttpFailurePolicy}
     * bean of the application); the entries under {@code clients} by their own properties.
     */
    public ResilientHttpClients(
            HttpResiliencePipelines pipelines,
            ResilientHttpClientProperties properties,
            HttpFailurePolicy sharedPolicy) {
        this.pipelines = Objects.requireNonNull(pipelines, "pipelines");
        this.properties = Objects.requireNonNull(properties, "properties");
        this.sharedPolicy = Objects.requireNonNull(sharedPolicy, "sharedPolicy");
        Map<String, HttpTargets> routes = new LinkedHashMap<>();
        properties.getClients().forEach((key, client) -> {
            HttpTargets targets = targets(key, client);
            clients.put(key, targets);
            if (client.getHosts() != null) {
                for (String host : client.getHosts()) {
                    if (host == null || host.isBlank() || host.contains("/")) {
                        throw new IllegalArgumentException("resilient.http.client.clients." + key
                                + ".hosts must list host names (e.g. api.example.com) but contained '" + host + "'");
                    }
                    routes.put(host.trim(), targets);
                }
            }
        });
        this.shared = HttpTargets.routed(routes, targets(null, null));
    }

    private HttpTargets targets(@Nullable String key, ResilientHttpClientProperties.@Nullable Client client) {
        String prefix = "resilient.http.client." + (client == null ? "" : "clients." + key + ".");
        String profile = client != null && client.getProfile() != null ? client.getProfile() : properties.getProfile();
        String name = client == null ? properties.getName() : client.getName() != null ? client.getName() : key;
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException(prefix + "name must not be blank but was '" + name + "'");
        }
        boolean perHost = client != null && client.getPerHost() != null ? client.getPerHost() : properties.isPerHost();
        int maxHosts = client != null && client.getMaxHosts() != null ? client.getMaxHosts() : properties.getMaxHosts();
        if (maxHosts < 1) {
            throw new IllegalArgumentException(prefix + "max-hosts must be >= 1 but was " + maxHosts);
        }
        if (profile == null) {
            throw new IllegalArgumentException("resilient.http.client.profile must name a profile but is not set");
        }
        HttpFailurePolicy policy = client == null || key == null ? sharedPolicy : properties.toPolicy(key);
        try {
            if (perHost) {
                pipelines.checkProfile(profile);
                return HttpTargets.perHost(pipelines, profile, name, policy, maxHosts);
            }
            return HttpTargets.fixed(pipelines.pipeline(profile, name), policy);
        } catch (IllegalArgumentException e) {
            String property = client != null && client.getProfile() != null
                    ? prefix + "profile"
                    : "resilient.http.client.profile";
            throw new IllegalArgumentException(property + " is invalid: " + e.getMessage(), e);
        }
    }

    /** Whether {@code key} has an entry under {@code resilient.http.client.clients}. */
    public boolean hasClient(@Nullable String key) {
        return key != null && clients.containsKey(key);
    }

    /** The interceptor every customized {@code RestClient} / {@code RestTemplate} gets. */
    public ResilientClientHttpRequestInterceptor interceptor() {
        return interceptors.computeIfAbsent("", k -> new ResilientClientHttpRequestInterceptor(shared));
    }

    /** The interceptor of client {@code key}. */
    public ResilientClientHttpRequestInterceptor interceptor(String key) {
        return interceptors.computeIfAbsent(
                "client:" + key, k -> new ResilientClientHttpRequestInterceptor(client(key)));
    }

    /**
     * The element of client {@code key} ({@code null}: the shared one) built by {@code factory} from
     * the client's targets, made once and kept. Generic so that this class names no type of the
     * {@code WebClient} stack: it loads without WebFlux ({@link ResilientWebClientFilters} makes the
     * filters).
     */
    @SuppressWarnings("unchecked")
    <T> T element(@Nullable String key, Function<HttpTargets, T> factory) {
        HttpTargets targets = key == null ? shared : client(key);
        return (T) filters.computeIfAbsent(key == null ? "" : "client:" + key, k -> factory.apply(targets));
    }

    private HttpTargets client(String key) {
        HttpTargets targets = clients.get(key);
        if (targets == null) {
            throw new IllegalArgumentException(
                    "No client '" + key + "' under resilient.http.client.clients; known: " + clients.keySet());
        }
        return targets;
    }
}
