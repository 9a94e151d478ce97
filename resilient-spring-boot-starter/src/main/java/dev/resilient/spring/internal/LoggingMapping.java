package dev.resilient.spring.internal;

import dev.resilient.observation.logging.LoggingConfig;
import dev.resilient.observation.stacktrace.StackTraceConfig;
import dev.resilient.spring.properties.LoggingProperties;
import dev.resilient.spring.properties.ProfileProperties;
import dev.resilient.spring.properties.StackTraceProperties;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.event.Level;
import org.springframework.boot.logging.LogLevel;

/**
 * {@code logging.*} and {@code stack-trace.*} onto core's {@link LoggingConfig}; on unless
 * {@code logging.enabled} is false or the level is off. {@code logging.redact} and
 * {@code logging.context} are read by {@link InstanceTarget#sensitiveNames()} and
 * {@link ObservationMapping}.
 */
final class LoggingMapping {

    private LoggingMapping() {}

    static ConfigPart map(ProfileProperties p, Checks check) {
        LoggingProperties lg = p.getLogging();
        boolean enabled = Checks.filled("logging.enabled", lg.getEnabled());
        @Nullable LogLevel level = lg.getLevel();
        boolean logSuccess = Checks.filled("logging.log-success", lg.getLogSuccess());
        boolean logArgs = Checks.filled("logging.log-args", lg.getLogArgs());
        boolean logResult = Checks.filled("logging.log-result", lg.getLogResult());
        boolean includeStackTrace = Checks.filled("logging.include-stack-trace", lg.getIncludeStackTrace());
        boolean mdcAttempt = !Boolean.FALSE.equals(lg.getMdcAttempt());
        StackTraceProperties st = p.getStackTrace();
        Integer maxDepth = check.atLeastOne("stack-trace.max-depth", st.getMaxDepth());
        boolean hideFrames = Checks.filled("stack-trace.hide-frames", st.getHideFrames());
        boolean showSource = Checks.filled("stack-trace.show-source", st.getShowSource());
        boolean showArguments = Checks.filled("stack-trace.show-arguments", st.getShowArguments());
        return (pipeline, target) -> {
            StackTraceConfig stackTrace = target.within("stack-trace", () -> {
                StackTraceConfig.Builder b =
                        StackTraceConfig.builder().showSource(showSource).showArguments(showArguments);
                if (maxDepth != null) {
                    b.maxDepth(maxDepth);
                }
                if (!hideFrames) {
                    b.hideFrames(List.of());
                }
                return b.build();
            });
            if (!enabled || level == LogLevel.OFF) {
                return;
            }
            LoggingConfig.Builder b = LoggingConfig.builder()
                    .failureLevel(level(level))
                    .logSuccess(logSuccess)
                    .logArgs(logArgs)
                    .logResult(logResult)
                    .stackTrace(stackTrace)
                    .includeStackTrace(includeStackTrace)
                    .mdcAttempt(mdcAttempt);
            b.sensitiveNames(target.sensitiveNames()).scrubber(target.with().scrubber());
            if (target.method() != null) {
                String[] names = InstanceTarget.PARAMETER_NAMES.getParameterNames(target.method());
                if (names != null) {
                    b.parameterNames(names);
                }
            }
            if (target.with().sanitizer() != null) {
                b.sanitizer(target.with().sanitizer());
            }
            pipeline.logging(b.build());
        };
    }

    private static Level level(@Nullable LogLevel level) {
        if (level == null) {
            return Level.WARN;
        }
        return switch (level) {
            case TRACE -> Level.TRACE;
            case DEBUG -> Level.DEBUG;
            case INFO -> Level.INFO;
            case WARN -> Level.WARN;
            default -> Level.ERROR;
        };
    }
}
