package dev.resilient.observation.alert;

import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/** Writes alerts to a logger (default {@code dev.resilient.alerts} at ERROR) with key-value fields. */
public final class LogAlertSink implements AlertSink {

    /** The default logger name. */
    public static final String DEFAULT_LOGGER = "dev.resilient.alerts";

    private final Logger log;
    private final Level level;

    public LogAlertSink() {
        this(DEFAULT_LOGGER, Level.ERROR);
    }

    public LogAlertSink(String loggerName, Level level) {
        this.log = LoggerFactory.getLogger(Objects.requireNonNull(loggerName, "loggerName"));
        this.level = Objects.requireNonNull(level, "level");
    }

    @Override
    public void send(Alert alert) {
        log.atLevel(level)
                .addKeyValue("resilient.instance", alert.instance())
                .addKeyValue("resilient.event", "ALERT")
                .addKeyValue("resilient.alertLevel", alert.level())
                .addKeyValue("resilient.errorCount", alert.errorCount())
                .addKeyValue("resilient.exception", alert.exceptionType())
                .log(alert.text());
    }

    @Override
    public String toString() {
        return "LogAlertSink{" + log.getName() + " at " + level + '}';
    }
}
