package dev.resilient.spring.internal;

import dev.resilient.pipeline.PipelineConfig;

/**
 * One pattern's share of an instance's {@link PipelineConfig}. A mapping (such as
 * {@code RetryMapping}) validates its merged properties when the profile is merged and returns a
 * part holding the validated values; {@link PipelineConfigFactory} applies the parts of a profile,
 * per instance, to one builder.
 */
@FunctionalInterface
interface ConfigPart {

    /** A part that configures nothing (the pattern is off). */
    ConfigPart NONE = (builder, target) -> {};

    /**
     * Sets this part's config on {@code builder} for the instance {@code target}.
     *
     * @throws IllegalArgumentException when core rejects a value (reported for the part's section)
     */
    void applyTo(PipelineConfig.Builder builder, InstanceTarget target);
}
