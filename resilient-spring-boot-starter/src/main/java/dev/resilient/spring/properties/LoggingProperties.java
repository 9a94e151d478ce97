package dev.resilient.spring.properties;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.logging.LogLevel;

/**
 * Call logging.
 * The {@code logging.*} keys of a profile: {@code resilient.defaults.logging.*} and
 * {@code resilient.profiles.<name>.logging.*}.
 */
public class LoggingProperties {

    /**
     * Whether calls of the instance are logged.
     */
    private @Nullable Boolean enabled;

    /**
     * Level of failure log lines.
     */
    private @Nullable LogLevel level;

    /**
     * Whether successful calls are logged too (at debug level).
     */
    private @Nullable Boolean logSuccess;

    /**
     * Whether method arguments are logged (sensitive names are masked).
     */
    private @Nullable Boolean logArgs;

    /**
     * Whether the return value is logged.
     */
    private @Nullable Boolean logResult;

    /**
     * Names added to the built-in sensitive names (password, passwd, secret, token, key,
     * apikey, authorization, credential, cookie, session, ssn, pin): a parameter, MDC key or
     * key=value pair whose name contains one, ignoring case, is logged as ***.
     */
    private @Nullable List<String> redact;

    /**
     * Whether the attempt number is put into the MDC (key resilient.attempt) during each
     * attempt, so that log lines written by the call itself show it.
     */
    private @Nullable Boolean mdcAttempt;

    /**
     * Whether failure log lines carry the stack trace.
     */
    private @Nullable Boolean includeStackTrace;

    /**
     * Static context: entries put into the SLF4J MDC (and the log lines) for the duration of every call, such
     * as service: payments.
     */
    private Map<String, String> context = new LinkedHashMap<>();

    public Map<String, String> getContext() {
        return this.context;
    }

    public void setContext(Map<String, String> context) {
        this.context = context;
    }

    public @Nullable Boolean getMdcAttempt() {
        return this.mdcAttempt;
    }

    public void setMdcAttempt(@Nullable Boolean mdcAttempt) {
        this.mdcAttempt = mdcAttempt;
    }

    public @Nullable Boolean getEnabled() {
        return this.enabled;
    }

    public void setEnabled(@Nullable Boolean enabled) {
        this.enabled = enabled;
    }

    public @Nullable LogLevel getLevel() {
        return this.level;
    }

    public void setLevel(@Nullable LogLevel level) {
        this.level = level;
    }

    public @Nullable Boolean getLogSuccess() {
        return this.logSuccess;
    }

    public void setLogSuccess(@Nullable Boolean logSuccess) {
        this.logSuccess = logSuccess;
    }

    public @Nullable Boolean getLogArgs() {
        return this.logArgs;
    }

    public void setLogArgs(@Nullable Boolean logArgs) {
        this.logArgs = logArgs;
    }

    public @Nullable Boolean getLogResult() {
        return this.logResult;
    }

    public void setLogResult(@Nullable Boolean logResult) {
        this.logResult = logResult;
    }

    public @Nullable List<String> getRedact() {
        return this.redact;
    }

    public void setRedact(@Nullable List<String> redact) {
        this.redact = redact;
    }

    public @Nullable Boolean getIncludeStackTrace() {
        return this.includeStackTrace;
    }

    public void setIncludeStackTrace(@Nullable Boolean includeStackTrace) {
        this.includeStackTrace = includeStackTrace;
    }
}
