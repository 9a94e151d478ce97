package dev.resilient.spring.http;

import dev.resilient.pipeline.ResiliencePipeline;

/**
 * Supplies the pipeline an HTTP client applies: the pipeline of instance {@code instanceName}
 * configured by profile {@code profile} (e.g. the built-in {@code http} profile). Implementations
 * return the same pipeline for the same instance name, so all clients naming it share one circuit
 * breaker, rate limiter and set of counters. The HTTP client auto-configuration uses a bean of this
 * type.
 */
@FunctionalInterface
public interface HttpResiliencePipelines {

    /**
     * The pipeline of instance {@code instanceName} built from profile {@code profile}.
     *
     * @throws IllegalArgumentException when the profile is unknown
     */
    ResiliencePipeline pipeline(String profile, String instanceName);

    /**
     * Checks that {@code profile} can configure a pipeline, without building one (per-host clients
     * build theirs as hosts appear). Accepts everything by default.
     *
     * @throws IllegalArgumentException when the profile is unknown
     */
    default void checkProfile(String profile) {}

    /**
     * Forgets instance {@code instanceName} (its state, its meters, its entry in the actuator
     * endpoint); the HTTP integration calls it for the least recently used host of a per-host client.
     * Does nothing by default.
     */
    default void release(String instanceName) {}
}
