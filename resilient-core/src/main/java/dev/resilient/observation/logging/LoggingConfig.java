package dev.resilient.observation.logging;

import dev.resilient.observation.MessageScrubber;
import dev.resilient.observation.Redaction;
import dev.resilient.observation.stacktrace.StackTraceConfig;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.slf4j.event.Level;

/**
 * What {@link LoggingListener} logs and how. Immutable; build with {@link #builder()}.
 *
 * <table>
 *   <caption>Settings</caption>
 *   <tr><th>setting</th><th>default</th></tr>
 *   <tr><td>enabled</td><td>true</td></tr>
 *   <tr><td>failureLevel (FAILURE, REJECTED)</td><td>WARN</td></tr>
 *   <tr><td>logSuccess / successLevel</td><td>false / DEBUG</td></tr>
 *   <tr><td>eventLevel (RETRY, RETRIES_EXHAUSTED, FALLBACK, STATE_CHANGE)</td><td>INFO</td></tr>
 *   <tr><td>logArgs / logResult</td><td>false / false</td></tr>
 *   <tr><td>mdcAttempt (attempt number in the MDC)</td><td>false</td></tr>
 *   <tr><td>parameterNames</td><td>none (arguments are named by index)</td></tr>
 *   <tr><td>sensitiveNames</td><td>{@link Redaction#DEFAULT_SENSITIVE_NAMES}</td></tr>
 *   <tr><td>sanitizer</td><td>{@link ArgumentSanitizer#redacting(Redaction) redacting} the sensitive names</td></tr>
 *   <tr><td>scrubber</td><td>{@link MessageScrubber#defaults()}</td></tr>
 *   <tr><td>redaction</td><td>{@code ***}</td></tr>
 *   <tr><td>stackTrace (includeStackTrace)</td><td>{@link StackTraceConfig#ofDefaults()} (true)</td></tr>
 *   <tr><td>loggerName</td><td>{@code dev.resilient.calls}</td></tr>
 * </table>
 */
public final class LoggingConfig {

    /** The default logger name. */
    public static final String DEFAULT_LOGGER = "dev.resilient.calls";

    private static final LoggingConfig DEFAULTS = builder().build();

    private final boolean enabled;
    private final Level failureLevel;
    private final boolean logSuccess;
    private final Level successLevel;
    private final Level eventLevel;
    private final boolean logArgs;
    private final boolean logResult;
    private final boolean mdcAttempt;
    private final String[] parameterNames;
    private final List<String> sensitiveNames;
    private final @Nullable ArgumentSanitizer sanitizer;
    private final MessageScrubber scrubber;
    private final String redaction;
    private final StackTraceConfig stackTrace;
    private final String loggerName;

    private LoggingConfig(Builder b) {
        this.enabled = b.enabled;
        this.failureLevel = b.failureLevel;
        this.logSuccess = b.logSuccess;
        this.successLevel = b.successLevel;
        this.eventLevel = b.eventLevel;
        this.logArgs = b.logArgs;
        this.logResult = b.logResult;
        this.mdcAttempt = b.mdcAttempt;
        this.parameterNames = b.parameterNames.clone();
        this.sensitiveNames = List.copyOf(b.sensitiveNames);
        this.sanitizer = b.sanitizer;
        this.scrubber = b.scrubber;
        this.redaction = b.redaction;
        this.stackTrace = b.stackTrace;
        this.loggerName = b.loggerName;
    }

    public static LoggingConfig ofDefaults() {
        return DEFAULTS;
    }

    public static Builder builder() {
        return new Builder();
    }

    public boolean enabled() {
        return enabled;
    }

    public Level failureLevel() {
        return failureLevel;
    }

    public boolean logSuccess() {
        return logSuccess;
    }

    public Level successLevel() {
        return successLevel;
    }

    public Level eventLevel() {
        return eventLevel;
    }

    public boolean logArgs() {
        return logArgs;
    }

    public boolean logResult() {
        return logResult;
    }

    /**
     * Whether the attempt number is put into the MDC as {@link LoggingListener#MDC_ATTEMPT} before
     * each attempt. Off by default: it makes every call build an ATTEMPT event and write the MDC.
     */
    public boolean mdcAttempt() {
        return mdcAttempt;
    }

    /** A copy of the call's parameter names. */
    public String[] parameterNames() {
        return parameterNames.clone();
    }

    public List<String> sensitiveNames() {
        return sensitiveNames;
    }

    /** The custom sanitizer replacing the sensitive-name rule, or {@code null} for that rule. */
    public @Nullable ArgumentSanitizer sanitizer() {
        return sanitizer;
    }

    /** The scrubber every logged text passes. */
    public MessageScrubber scrubber() {
        return scrubber;
    }

    /** The redaction rule of this configuration: its sensitive names, replacement and scrubber. */
    public Redaction redactionRule() {
        return new Redaction(sensitiveNames, redaction, scrubber);
    }

    public String redaction() {
        return redaction;
    }

    public StackTraceConfig stackTrace() {
        return stackTrace;
    }

    public boolean includeStackTrace() {
        return stackTrace.include();
    }

    public String loggerName() {
        return loggerName;
    }

    @Override
    public String toString() {
        return "LoggingConfig{enabled=" + enabled + ", failureLevel=" + failureLevel + ", logSuccess=" + logSuccess
                + ", successLevel=" + successLevel + ", eventLevel=" + eventLevel + ", logArgs=" + logArgs
                + ", logResult=" + logResult + ", mdcAttempt=" + mdcAttempt + ", parameterNames="
                + Arrays.toString(parameterNames)
                + ", sensitiveNames=" + sensitiveNames + ", sanitizer=" + (sanitizer == null ? "none" : "custom")
                + ", scrubber=" + scrubber + ", redaction=" + redaction + ", stackTrace=" + stackTrace + ", loggerName="
                + loggerName + '}';
    }

    /** Builds a {@link LoggingConfig}. */
    public static final class Builder {
        private boolean enabled = true;
        private Level failureLevel = Level.WARN;
        private boolean logSuccess;
        private Level successLevel = Level.DEBUG;
        private Level eventLevel = Level.INFO;
        private boolean logArgs;
        private boolean logResult;
        private boolean mdcAttempt;
        private String[] parameterNames = new String[0];
        private List<String> sensitiveNames = new ArrayList<>(Redaction.DEFAULT_SENSITIVE_NAMES);
        private @Nullable ArgumentSanitizer sanitizer;
        private MessageScrubber scrubber = MessageScrubber.defaults();
        private String redaction = Redaction.DEFAULT_REDACTION;
        private StackTraceConfig stackTrace = StackTraceConfig.ofDefaults();
        private String loggerName = DEFAULT_LOGGER;

        private Builder() {}

        public Builder enabled(boolean enabled) {
            this.enabled = enabled;
            return this;
        }

        public Builder failureLevel(Level level) {
            this.failureLevel = level;
            return this;
        }

        public Builder logSuccess(boolean logSuccess) {
            this.logSuccess = logSuccess;
            return this;
        }

        /** Puts the attempt number into the MDC before each attempt (see {@link LoggingConfig#mdcAttempt()}). */
        public Builder mdcAttempt(boolean mdcAttempt) {
            this.mdcAttempt = mdcAttempt;
            return this;
        }

        public Builder successLevel(Level level) {
            this.successLevel = level;
            return this;
        }

        /** The level of RETRY, FALLBACK and STATE_CHANGE events. */
        public Builder eventLevel(Level level) {
            this.eventLevel = level;
            return this;
        }

        public Builder logArgs(boolean logArgs) {
            this.logArgs = logArgs;
            return this;
        }

        public Builder logResult(boolean logResult) {
            this.logResult = logResult;
            return this;
        }

        /** The call's parameter names, used for redaction and as field names ({@code arg.<name>}). */
        public Builder parameterNames(String... names) {
            this.parameterNames = names == null ? new String[0] : names.clone();
            return this;
        }

        /** Replaces the sensitive-name patterns (case-insensitive substrings). */
        public Builder sensitiveNames(List<String> names) {
            this.sensitiveNames = new ArrayList<>(Objects.requireNonNull(names, "sensitiveNames"));
            return this;
        }

        /** Adds sensitive-name patterns to the current ones. */
        public Builder addSensitiveNames(String... names) {
            this.sensitiveNames.addAll(List.of(names));
            return this;
        }

        /**
         * Replaces the sensitive-name rule for arguments, results and MDC entries; {@code null}
         * restores it. Delegate to {@link ArgumentSanitizer#redacting(Redaction)} to keep it.
         */
        public Builder sanitizer(@Nullable ArgumentSanitizer sanitizer) {
            this.sanitizer = sanitizer;
            return this;
        }

        /** The scrubber of logged failure text and rendered values ({@link MessageScrubber#none()} turns it off). */
        public Builder scrubber(MessageScrubber scrubber) {
            this.scrubber = scrubber;
            return this;
        }

        /** The text that replaces a redacted value. */
        public Builder redaction(String redaction) {
            this.redaction = redaction;
            return this;
        }

        public Builder stackTrace(StackTraceConfig stackTrace) {
            this.stackTrace = stackTrace;
            return this;
        }

        /** Whether the failure's frames are logged; shorthand for {@code stackTrace.include}. */
        public Builder includeStackTrace(boolean include) {
            this.stackTrace = (stackTrace == null ? StackTraceConfig.ofDefaults() : stackTrace)
                    .toBuilder().include(include).build();
            return this;
        }

        public Builder loggerName(String loggerName) {
            this.loggerName = loggerName;
            return this;
        }

        public LoggingConfig build() {
            requireNonNull(failureLevel, "failureLevel");
            requireNonNull(successLevel, "successLevel");
            requireNonNull(eventLevel, "eventLevel");
            requireNonNull(redaction, "redaction");
            requireNonNull(scrubber, "scrubber");
            requireNonNull(stackTrace, "stackTrace");
            if (loggerName == null || loggerName.isBlank()) {
                throw new IllegalArgumentException("loggerName must not be blank but was '" + loggerName + "'");
            }
            for (String name : parameterNames) {
                if (name == null || name.isBlank()) {
                    throw new IllegalArgumentException(
                            "parameterNames must not contain a blank name but was " + Arrays.toString(parameterNames));
                }
            }
            for (String name : sensitiveNames) {
                if (name == null || name.isBlank()) {
                    throw new IllegalArgumentException(
                            "sensitiveNames must not contain a blank name but was " + sensitiveNames);
                }
            }
            return new LoggingConfig(this);
        }

        private static void requireNonNull(Object value, String field) {
            if (value == null) {
                throw new IllegalArgumentException(field + " must not be null but was null");
            }
        }
    }
}
