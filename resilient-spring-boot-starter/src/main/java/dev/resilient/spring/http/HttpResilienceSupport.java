package dev.resilient.spring.http;

import dev.resilient.http.RetryAfter;
import dev.resilient.pipeline.ResiliencePipeline;
import dev.resilient.time.Clock;
import java.time.Duration;
import java.util.Objects;
import org.springframework.http.HttpHeaders;

/**
 * What the {@code RestClient} interceptor and the {@code WebClient} filter share: the pipeline they
 * apply, the policy deciding which statuses are failures, and reading a response's
 * {@code Retry-After} on the pipeline's clock.
 */
abstract class HttpResilienceSupport {

    private final ResiliencePipeline pipeline;
    private final HttpFailurePolicy policy;
    private final Clock clock;

    HttpResilienceSupport(ResiliencePipeline pipeline, HttpFailurePolicy policy) {
        this.pipeline = Objects.requireNonNull(pipeline, "pipeline");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.clock = pipeline.context().runtime().clock();
    }

    /** The pipeline applied to every request. */
    public ResiliencePipeline pipeline() {
        return pipeline;
    }

    /** The policy deciding which statuses are failures. */
    public HttpFailurePolicy policy() {
        return policy;
    }

    /** The response's {@code Retry-After}, capped by the policy; {@code null} when absent or garbage. */
    final Duration retryAfter(HttpHeaders headers) {
        return RetryAfter.parse(headers.getFirst(HttpHeaders.RETRY_AFTER), clock, policy.maxRetryAfter())
                .orElse(null);
    }
}
