package dev.resilient.spring.internal;

import dev.resilient.fallback.FallbackConfig;
import dev.resilient.spring.ResilientErrorMapper;
import dev.resilient.spring.properties.FallbackProperties;
import dev.resilient.spring.properties.ProfileProperties;

/**
 * {@code fallback.*}: the suppressed and handled types a method's fallback step uses (see
 * {@code ResilientPipelines}), and for a pipeline without a method core's {@link FallbackConfig}
 * with the suppressed types and the error mapper.
 */
final class FallbackMapping {

    private FallbackMapping() {}

    static EffectiveProfile.Fallback resolve(ProfileProperties p, Checks check) {
        FallbackProperties fb = p.getFallback();
        return new EffectiveProfile.Fallback(
                check.classes("fallback.suppress", fb.getSuppress()),
                Checks.filled("fallback.reraise", fb.getReraise()),
                check.classes("fallback.handles", fb.getHandles()));
    }

    @SuppressWarnings("unchecked")
    static ConfigPart map(EffectiveProfile.Fallback f) {
        return (pipeline, target) -> {
            ResilientErrorMapper mapper = target.with().errorMapper();
            // a method's suppress and error mapping are its own steps (see ResilientPipelines)
            if (target.method() != null || f.suppress().isEmpty() && mapper == null) {
                return;
            }
            // fallback.reraise is about the fallback method (rethrow after it ran), handled around the
            // pipeline; here failures that are neither suppressed nor answered are always rethrown
            FallbackConfig.Builder b =
                    FallbackConfig.builder().suppress(f.suppress().toArray(new Class[0]));
            if (mapper != null) {
                String instanceName = target.instanceName();
                b.errorMapper(failure -> mapper.map(instanceName, failure));
            }
            pipeline.fallback(b.build());
        };
    }
}
