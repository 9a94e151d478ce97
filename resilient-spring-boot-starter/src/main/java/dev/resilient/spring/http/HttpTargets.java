package dev.resilient.spring.http;

import dev.resilient.pipeline.ResiliencePipeline;
import java.net.URI;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Chooses, for a request URI, the pipeline and the failure policy a request runs with: one fixed
 * pair, one pipeline per URI authority (per host, bounded, least recently used evicted), or a route
 * by host to other targets. Thread-safe.
 */
abstract class HttpTargets {

    /** A pipeline with the policy its requests are judged by. */
    record Target(ResiliencePipeline pipeline, HttpFailurePolicy policy) {
        Target {
            Objects.requireNonNull(pipeline, "pipeline");
            Objects.requireNonNull(policy, "policy");
        }
    }

    /** The target of a request to {@code uri}. */
    abstract Target target(URI uri);

    /** The target of requests without an authority, also what {@code pipeline()} reports. */
    abstract Target base();

    static HttpTargets fixed(ResiliencePipeline pipeline, HttpFailurePolicy policy) {
        Target target = new Target(pipeline, policy);
        return new HttpTargets() {
            @Override
            Target target(URI uri) {
                return target;
            }

            @Override
            Target base() {
                return target;
            }
        };
    }

    /**
     * One pipeline per URI authority, named {@code name@host:port} and built from {@code profile};
     * at most {@code maxHosts} of them: the least recently used one is released (its instance and
     * meters go) when another host appears.
     */
    static HttpTargets perHost(
            HttpResiliencePipelines pipelines, String profile, String name, HttpFailurePolicy policy, int maxHosts) {
        return new PerHost(pipelines, profile, name, policy, maxHosts);
    }

    /** Requests to a host in {@code routes} go to that target, the others to {@code fallback}. */
    static HttpTargets routed(Map<String, HttpTargets> routes, HttpTargets fallback) {
        if (routes.isEmpty()) {
            return fallback;
        }
        Map<String, HttpTargets> byHost = new LinkedHashMap<>();
        routes.forEach((host, target) -> byHost.put(host.toLowerCase(Locale.ROOT), target));
        return new HttpTargets() {
            @Override
            Target target(URI uri) {
                String host = uri == null ? null : uri.getHost();
                HttpTargets route = host == null ? null : byHost.get(host.toLowerCase(Locale.ROOT));
                return route != null ? route.target(uri) : fallback.target(uri);
            }

            @Override
            Target base() {
                return fallback.base();
            }
        };
    }

    /** The authority of {@code uri} as the per-host key: {@code host:port}, lower case, port made explicit. */
    static @Nullable String authority(@Nullable URI uri) {
        if (uri == null || uri.getHost() == null) {
            return null;
        }
        int port = uri.getPort();
        if (port < 0) {
            port = "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
        }
        return uri.getHost().toLowerCase(Locale.ROOT) + ":" + port;
    }

    private static final class PerHost extends HttpTargets {
        private final HttpResiliencePipelines pipelines;
        private final String profile;
        private final String name;
        private final HttpFailurePolicy policy;
        private final int maxHosts;
        private final LinkedHashMap<String, Target> hosts = new LinkedHashMap<>(16, 0.75f, true);
        private volatile @Nullable Target base;

        PerHost(
                HttpResiliencePipelines pipelines,
                String profile,
                String name,
                HttpFailurePolicy policy,
                int maxHosts) {
            if (maxHosts < 1) {
                throw new IllegalArgumentException("maxHosts must be >= 1 but was " + maxHosts);
            }
            this.pipelines = Objects.requireNonNull(pipelines, "pipelines");
            this.profile = profile;
            this.name = name;
            this.policy = policy;
            this.maxHosts = maxHosts;
        }

        @Override
        Target target(URI uri) {
            String authority = authority(uri);
            if (authority == null) {
                return base();
            }
            Target target;
            synchronized (hosts) {
                target = hosts.get(authority);
                if (target == null) {
                    target = new Target(pipelines.pipeline(profile, name + "@" + authority), policy);
                    hosts.put(authority, target);
                    if (hosts.size() > maxHosts) {
                        Iterator<Map.Entry<String, Target>> eldest =
                                hosts.entrySet().iterator();
                        Map.Entry<String, Target> entry = eldest.next();
                        eldest.remove();
                        // under the lock, so that a request to the evicted host cannot rebuild it meanwhile
                        pipelines.release(entry.getValue().pipeline().name());
                    }
                }
            }
            return target;
        }

        @Override
        Target base() {
            Target current = base;
            if (current == null) {
                current = new Target(pipelines.pipeline(profile, name), policy);
                base = current;
            }
            return current;
        }
    }
}
