/**
 * The assembly, above every pattern: {@link dev.resilient.pipeline.PipelineConfig}, the step
 * order, {@link dev.resilient.pipeline.ResiliencePipeline} and the {@link
 * dev.resilient.pipeline.ResilienceRegistry} that shares pipelines by name.
 */
@NullMarked
package dev.resilient.pipeline;

import org.jspecify.annotations.NullMarked;
