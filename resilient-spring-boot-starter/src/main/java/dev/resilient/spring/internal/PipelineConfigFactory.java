package dev.resilient.spring.internal;

import dev.resilient.observation.MessageScrubber;
import dev.resilient.observation.Redaction;
import dev.resilient.observation.aggregation.ErrorReport;
import dev.resilient.observation.alert.AlertSink;
import dev.resilient.observation.alert.LogAlertSink;
import dev.resilient.observation.logging.ArgumentSanitizer;
import dev.resilient.pipeline.PipelineConfig;
import dev.resilient.spring.ResilientCallListener;
import dev.resilient.spring.ResilientConfigurationException;
import dev.resilient.spring.ResilientContextProvider;
import dev.resilient.spring.ResilientErrorMapper;
import dev.resilient.spring.ResilientSharedState;
import dev.resilient.time.Clock;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.BeanFactory;

/**
 * Builds the core {@link PipelineConfig} of an instance from an {@link EffectiveProfile}: it applies
 * each pattern's part (validated and prepared once when the profile was merged, see the
 * {@code *Mapping} classes) with the application's collaborators, then binds shared state.
 * Thread-safe.
 *
 * <p>Not mapped here because they belong to a call rather than to an instance: the fallback
 * method, the total timeout and {@code active-in} (see {@code ResilientPipelines} and the aspect).
 */
public class PipelineConfigFactory {

    private final Collaborators with;

    /**
     * @param beanFactory resolves {@code @bean} references in SpEL; may be null
     * @param clock the clock Retry-After dates are read against; null: the system clock
     * @param alertSinks where alerts go; empty: a {@link LogAlertSink}
     * @param errorReportCallback receives aggregated error reports; null: they are logged
     * @param sanitizer replaces the sensitive-name rule of logged arguments, results and MDC entries; may be null
     * @param contextProvider supplies MDC entries per call; may be null
     * @param errorMapper maps failures before they are rethrown; may be null
     * @param scrubber scrubs credentials from logged, alerted and reported failure text; null: the defaults
     * @param listeners told about every call's retries, end and timing; may be empty or null
     * @param sharedState shared state (e.g. Redis); may be null when no profile needs it
     */
    public PipelineConfigFactory(
            @Nullable BeanFactory beanFactory,
            @Nullable Clock clock,
            @Nullable List<AlertSink> alertSinks,
            @Nullable Consumer<ErrorReport> errorReportCallback,
            @Nullable ArgumentSanitizer sanitizer,
            @Nullable ResilientContextProvider contextProvider,
            @Nullable ResilientErrorMapper errorMapper,
            @Nullable MessageScrubber scrubber,
            @Nullable List<ResilientCallListener> listeners,
            @Nullable ResilientSharedState sharedState) {
        this.with = new Collaborators(
                beanFactory,
                clock != null ? clock : Clock.system(),
                alertSinks != null ? List.copyOf(alertSinks) : List.of(),
                errorReportCallback,
                sanitizer,
                contextProvider,
                errorMapper,
                scrubber != null ? scrubber : MessageScrubber.defaults(),
                listeners != null ? List.copyOf(listeners) : List.of(),
                HttpStatuses.available(PipelineConfigFactory.class.getClassLoader()),
                sharedState);
    }

    /** The pipeline configuration of a profile used without a method (e.g. by the HTTP clients). */
    public PipelineConfig create(EffectiveProfile profile, String instanceName) {
        return create(profile, instanceName, null);
    }

    /** The error mapper bean, or null. */
    public @Nullable ResilientErrorMapper errorMapper() {
        return this.with.errorMapper();
    }

    /**
     * The pipeline configuration of a profile for instance {@code instanceName}. For a method the
     * error mapper is left out: it is applied around the method's fallback method instead (see
     * {@code ResilientPipelines}), so that failures the fallback method answers are not mapped.
     *
     * @param method the annotated method, whose parameter names SpEL and log redaction use; may be null
     * @throws ResilientConfigurationException when a value is rejected by the core
     */
    public PipelineConfig create(EffectiveProfile profile, String instanceName, @Nullable Method method) {
        // checked first: logging, alerts and the MDC all use these names
        List<String> sensitiveNames = InstanceTarget.within(
                "logging.redact",
                instanceName,
                profile,
                () -> Redaction.defaultNamesPlus(
                        Checks.filled("logging.redact", profile.logging().getRedact())));
        InstanceTarget target = new InstanceTarget(this.with, profile, instanceName, method, sensitiveNames);
        PipelineConfig.Builder b = PipelineConfig.builder();
        for (Map.Entry<String, ConfigPart> part : profile.parts().entrySet()) {
            target.within(part.getKey(), () -> {
                part.getValue().applyTo(b, target);
                return null;
            });
        }
        return target.within(
                "backend", () -> SharedStateBinding.apply(b.build(), profile, instanceName, this.with.sharedState()));
    }
}
