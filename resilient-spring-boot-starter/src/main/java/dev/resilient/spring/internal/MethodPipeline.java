package dev.resilient.spring.internal;

import dev.resilient.condition.ConditionStep;
import dev.resilient.pipeline.ResiliencePipeline;
import org.jspecify.annotations.Nullable;

/**
 * What the aspect needs for one annotated method, resolved once: its plan, how it returns, and the
 * pipeline to run it through (the instance's shared pipeline, or a wrapper around it adding the
 * method's fallback method and total timeout on the same counters).
 *
 * @param plan the method's plan
 * @param kind how the method returns
 * @param pipeline the pipeline calls run through
 * @param instance the instance's shared pipeline
 * @param profileTag the profile names, comma separated, for metrics and observations
 * @param retries whether the instance retries (more than one attempt): then the HTTP client
 *     integrations do not retry the requests the method makes, so that one layer retries, not both
 * @param condition the {@code when} gate, or null when there is none
 */
public record MethodPipeline(
        MethodPlan plan,
        ReturnKind kind,
        ResiliencePipeline pipeline,
        ResiliencePipeline instance,
        String profileTag,
        boolean retries,
        @Nullable ConditionStep condition) {

    /** A method pipeline without a {@code when} gate whose {@link #retries()} is read from {@code instance}. */
    public MethodPipeline(
            MethodPlan plan,
            ReturnKind kind,
            ResiliencePipeline pipeline,
            ResiliencePipeline instance,
            String profileTag) {
        this(
                plan,
                kind,
                pipeline,
                instance,
                profileTag,
                instance.retry().map(r -> r.config().maxAttempts() > 1).orElse(false),
                null);
    }

    /** Whether the policies apply in this environment ({@code active-in}). */
    public boolean active() {
        return this.plan.profile().active();
    }

    /** Whether the policies apply to a call with {@code args} ({@code when}); a condition that throws counts as false. */
    public boolean applies(Object[] args) {
        return this.condition == null || this.condition.applies(args);
    }
}
