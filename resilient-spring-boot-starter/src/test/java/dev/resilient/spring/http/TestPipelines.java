package dev.resilient.spring.http;

import dev.resilient.ResilienceRuntime;
import dev.resilient.circuitbreaker.CircuitBreakerConfig;
import dev.resilient.pipeline.PipelineConfig;
import dev.resilient.pipeline.ResiliencePipeline;
import dev.resilient.retry.Backoff;
import dev.resilient.retry.RetryConfig;
import java.time.Duration;

/** Hand-built core pipelines for the tests of the by-hand API ({@link ResilientHttp}). */
final class TestPipelines {

    private TestPipelines() {}

    /** Retry 3 attempts with a 1 ms fixed delay, and a breaker opening after 10 consecutive failures. */
    static PipelineConfig retryAndBreaker() {
        return PipelineConfig.builder()
                .retry(RetryConfig.builder()
                        .maxAttempts(3)
                        .backoff(Backoff.fixed())
                        .baseDelay(Duration.ofMillis(1))
                        .build())
                .circuitBreaker(
                        CircuitBreakerConfig.builder().failureThreshold(10).build())
                .build();
    }

    static ResiliencePipeline pipeline(String name, ResilienceRuntime runtime) {
        return ResiliencePipeline.of(name, retryAndBreaker(), runtime);
    }
}
