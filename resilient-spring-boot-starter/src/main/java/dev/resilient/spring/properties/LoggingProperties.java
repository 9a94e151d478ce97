package dev.resilient.spring.properties;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
    private Boolean enabled;

    /**
     * Level of failure log lines.
     */
    private LogLevel level;

    /**
     * Whether successful calls are logged too (at debug level).
     */
    private Boolean logSuccess;

    /**
     * Whether method arguments are logged (sensitive names are masked).
     */
    private Boolean logArgs;

    /**
     * Whether the return value is logged.
     */
    private Boolean logResult;

    /**
     * Names added to the built-in sensitive names (password, passwd, secret, token, key,
     * apikey, authorization, credential, cookie, session, ssn, pin): a parameter, MDC key or
     * key=value pair whose name contains one, ignoring case, is logged as ***.
     */
    private List<String> redact;

    /**
     * Whether the attempt number is put into the MDC (key resilient.attempt) during each
     * attempt, so that log lines written by the call itself show it.
     */
    private Boolean mdcAttempt;

    /**
     * Whether failure log lines carry the stack trace.
     */
    private Boolean includeStackTrace;

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

    public Boolean getMdcAttempt() {
        return this.mdcAttempt;
    }

    public void setMdcAttempt(Boolean mdcAttempt) {
        this.mdcAttempt = mdcAttempt;
    }

    public Boolean getEnabled() {
        return this.enabled;
    }

    public void setEnabled(Boolean enabled) {
        this.enabled = enabled;
    }

    public LogLevel getLevel() {
        return this.level;
    }

    public void setLevel(LogLevel level) {
        this.level = level;
    }

    public Boolean getLogSuccess() {
        return this.logSuccess;
    }

    public void setLogSuccess(Boolean logSuccess) {
        this.logSuccess = logSuccess;
    }

    public Boolean getLogArgs() {
        return this.logArgs;
    }

    public void setLogArgs(Boolean logArgs) {
        this.logArgs = logArgs;
    }

    public Boolean getLogResult() {
        return this.logResult;
    }

    public void setLogResult(Boolean logResult) {
        this.logResult = logResult;
    }

    public List<String> getRedact() {
        return this.redact;
    }

    public void setRedact(List<String> redact) {
        this.redact = redact;
    }

    public Boolean getIncludeStackTrace() {
        return this.includeStackTrace;
    }

    public void setIncludeStackTrace(Boolean includeStackTrace) {
        this.includeStackTrace = includeStackTrace;
    }
}
