package dev.resilient.spring.http;

import dev.resilient.http.RetryAfter;
import dev.resilient.pipeline.ResiliencePipeline;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;

/**
 * What the {@code RestClient} interceptor and the {@code WebClient} filter share: the targets
 * (pipeline and failure policy per request), reading a response's {@code Retry-After} on the
 * pipeline's clock, and deciding whether a failed request may be repeated.
 */
abstract class HttpResilienceSupport {

    private final HttpTargets targets;

    HttpResilienceSupport(HttpTargets targets) {
        this.targets = Objects.requireNonNull(targets, "targets");
    }

    /**
     * The pipeline applied to every request; with per-host pipelines, the one of requests without a
     * host.
     */
    public ResiliencePipeline pipeline() {
        return targets.base().pipeline();
    }

    /** The policy deciding which statuses are failures. */
    public HttpFailurePolicy policy() {
        return targets.base().policy();
    }

    /** The pipeline a request to {@code uri} runs through. */
    public ResiliencePipeline pipeline(URI uri) {
        return targets.target(uri).pipeline();
    }

    final HttpTargets.Target target(URI uri) {
        return targets.target(uri);
    }

    /** The response's {@code Retry-After}, capped by the policy; {@code null} when absent or garbage. */
    static @Nullable Duration retryAfter(HttpTargets.Target target, HttpHeaders headers) {
        return RetryAfter.parse(
                        headers.getFirst(HttpHeaders.RETRY_AFTER),
                        target.pipeline().context().runtime().clock(),
                        target.policy().maxRetryAfter())
                .orElse(null);
    }

    /**
     * Whether a request may be repeated: its method is idempotent, unsafe methods are opted in, or
     * it carries the idempotency key, and no outer {@code @Resilient} method retries it already.
     */
    static boolean safeToRetry(HttpFailurePolicy policy, String method, HttpHeaders headers, boolean outerRetries) {
        return !outerRetries && policy.isSafeToRetry(method, name -> hasHeader(headers, name));
    }

    /**
     * Whether {@code failure} shows the request never reached a server: the connection could not be
     * made at all (refused, unknown host, no route, connect timeout). Such a failure is retried for
     * any method.
     */
    static boolean failedToConnect(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ConnectException
                    || t instanceof UnknownHostException
                    || t instanceof NoRouteToHostException
                    || t instanceof HttpConnectTimeoutException) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether {@code headers} carry {@code name}. {@code HttpHeaders.containsHeader} exists only in
     * Spring Framework 7; {@code getFirst} in 6.2 too.
     */
    static boolean hasHeader(HttpHeaders headers, String name) {
        return headers.getFirst(name) != null;
    }

    /**
     * A copy of {@code headers}. {@code HttpHeaders.copyOf} exists only in Spring Framework 7;
     * {@code forEach} and {@code addAll(String, List)} in 6.2 too.
     */
    static HttpHeaders copy(HttpHeaders headers) {
        HttpHeaders copy = new HttpHeaders();
        headers.forEach(copy::addAll);
        return copy;
    }
}
