package dev.resilient.observation;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.LoggerFactory;
import org.slf4j.event.KeyValuePair;

/** Captures the events of one logback logger for assertions. */
public final class LogCapture implements AutoCloseable {

    private final Logger logger;
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final Level previousLevel;

    public LogCapture(String loggerName) {
        this.logger = (Logger) LoggerFactory.getLogger(loggerName);
        this.previousLevel = logger.getLevel();
        logger.setLevel(Level.TRACE);
        appender.start();
        logger.addAppender(appender);
    }

    public LogCapture(Class<?> type) {
        this(type.getName());
    }

    public synchronized List<ILoggingEvent> events() {
        return List.copyOf(appender.list);
    }

    public ILoggingEvent single() {
        List<ILoggingEvent> events = events();
        if (events.size() != 1) {
            throw new AssertionError("expected one log event but got " + events.size() + ": " + events);
        }
        return events.get(0);
    }

    /** The key-value pairs of {@code event} as a map (values as logged). */
    public static Map<String, Object> keyValues(ILoggingEvent event) {
        Map<String, Object> map = new LinkedHashMap<>();
        List<KeyValuePair> pairs = event.getKeyValuePairs();
        if (pairs != null) {
            for (KeyValuePair pair : pairs) {
                map.put(pair.key, pair.value);
            }
        }
        return map;
    }

    @Override
    public void close() {
        logger.detachAppender(appender);
        logger.setLevel(previousLevel);
    }
}
