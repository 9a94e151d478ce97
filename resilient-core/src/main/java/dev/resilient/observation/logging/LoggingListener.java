package dev.resilient.observation.logging;

import dev.resilient.event.EventListener;
import dev.resilient.event.EventType;
import dev.resilient.event.ResilienceEvent;
import dev.resilient.observation.ObservationStep;
import dev.resilient.observation.Redaction;
import dev.resilient.observation.stacktrace.StackTraceFormatter;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.slf4j.event.Level;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * Logs the events of a pipeline with SLF4J 2's fluent API, so that structured (e.g. JSON) encoders
 * get key-value fields: {@code resilient.instance}, {@code resilient.event}, {@code resilient.source},
 * {@code resilient.attempt}, {@code resilient.elapsedMs}, {@code resilient.delayMs},
 * {@code resilient.exception}, {@code resilient.exceptionMessage}, {@code resilient.detail},
 * {@code resilient.result} and the arguments as {@code arg.<name>}.
 *
 * <p>Logged: FAILURE and REJECTED at the failure level (one line per failed or rejected call, with at
 * most one stack trace); RETRY, RETRIES_EXHAUSTED, FALLBACK and STATE_CHANGE at the event level; SUCCESS when enabled; SLOW_CALL at WARN (except the observation
 * step's own, which that step already logs). With {@link LoggingConfig#mdcAttempt()}, on ATTEMPT
 * events the attempt number is put into the MDC as {@code resilient.attempt}; the observation step
 * restores the MDC when the call ends.
 *
 * <p>{@link #accepts(EventType)} declares only those types (SUCCESS only with {@code logSuccess},
 * ATTEMPT only with {@code mdcAttempt}, none when disabled), so with the defaults a successful call
 * builds no event at all for this listener.
 *
 * <p>Arguments and the result go through the {@link ArgumentSanitizer}: by default values whose name
 * is sensitive become the redaction text; a custom sanitizer replaces that rule. Every rendered value
 * and every failure text (message, trace, detail) then passes {@link Redaction#redactText(String)}:
 * the {@link dev.resilient.observation.MessageScrubber} and the redaction of sensitive
 * {@code name=value} pairs. A sanitizer or {@code toString()} that throws makes the value
 * {@code <unavailable>}; the call is never affected. Thread-safe.
 */
public final class LoggingListener implements EventListener {

    /** The MDC key of the current attempt number. */
    public static final String MDC_ATTEMPT = "resilient.attempt";

    public static final String KEY_INSTANCE = "resilient.instance";
    public static final String KEY_EVENT = "resilient.event";
    public static final String KEY_SOURCE = "resilient.source";
    public static final String KEY_ATTEMPT = "resilient.attempt";
    public static final String KEY_ELAPSED_MS = "resilient.elapsedMs";
    public static final String KEY_DELAY_MS = "resilient.delayMs";
    public static final String KEY_EXCEPTION = "resilient.exception";
    public static final String KEY_EXCEPTION_MESSAGE = "resilient.exceptionMessage";
    public static final String KEY_DETAIL = "resilient.detail";
    public static final String KEY_RESULT = "resilient.result";
    /** The prefix of argument fields. */
    public static final String ARG_PREFIX = "arg.";
    /** What an argument that cannot be rendered is logged as. */
    public static final String UNAVAILABLE = "<unavailable>";

    private static final Logger internalLog = LoggerFactory.getLogger(LoggingListener.class);
    private static final int MAX_VALUE_LENGTH = 1000;

    private final LoggingConfig config;
    private final Logger log;
    private final Redaction redaction;
    private final ArgumentSanitizer sanitizer;
    private final StackTraceFormatter formatter;
    private final String[] parameterNames;
    private final String[] argumentKeys;

    /** A listener with the default configuration. */
    public LoggingListener() {
        this(LoggingConfig.ofDefaults());
    }

    public LoggingListener(LoggingConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        this.log = LoggerFactory.getLogger(config.loggerName());
        this.redaction = config.redactionRule();
        this.sanitizer = config.sanitizer() != null ? config.sanitizer() : ArgumentSanitizer.redacting(redaction);
        this.formatter = new StackTraceFormatter(config.stackTrace(), redaction);
        this.parameterNames = config.parameterNames();
        this.argumentKeys =
                Arrays.stream(parameterNames).map(n -> ARG_PREFIX + n).toArray(String[]::new);
    }

    public LoggingConfig config() {
        return config;
    }

    /** The formatter used for failures. */
    public StackTraceFormatter formatter() {
        return formatter;
    }

    @Override
    public boolean accepts(EventType type) {
        if (!config.enabled()) {
            return false;
        }
        return switch (type) {
            case ATTEMPT -> config.mdcAttempt();
            case SUCCESS -> config.logSuccess();
            case FAILURE, RETRIES_EXHAUSTED, REJECTED, RETRY, FALLBACK, STATE_CHANGE, SLOW_CALL -> true;
            default -> false;
        };
    }

    @Override
    public void onEvent(ResilienceEvent event) {
        if (!config.enabled()) {
            return;
        }
        switch (event.type()) {
            case ATTEMPT -> {
                if (config.mdcAttempt() && event.attempt() > 0) {
                    MDC.put(MDC_ATTEMPT, Integer.toString(event.attempt()));
                }
            }
            case SUCCESS -> {
                if (config.logSuccess()) {
                    log(config.successLevel(), event);
                }
            }
            case FAILURE, REJECTED -> log(config.failureLevel(), event);
            case RETRY, RETRIES_EXHAUSTED, FALLBACK, STATE_CHANGE -> log(config.eventLevel(), event);
            case SLOW_CALL -> {
                if (!ObservationStep.SOURCE.equals(event.source())) {
                    log(Level.WARN, event);
                }
            }
            default -> {
                // TIMEOUT, IGNORED, FAILURE_CACHE_HIT, ALERT: reported by the events they lead to
            }
        }
    }

    private void log(Level level, ResilienceEvent event) {
        if (!log.isEnabledForLevel(level)) {
            return;
        }
        boolean withTrace = event.type() == EventType.FAILURE && event.failure() != null;
        Map<String, String> arguments =
                config.logArgs() || (withTrace && config.stackTrace().showArguments())
                        ? sanitizedArguments(event.arguments())
                        : Collections.emptyMap();
        LoggingEventBuilder builder = log.atLevel(level)
                .addKeyValue(KEY_INSTANCE, event.instance())
                .addKeyValue(KEY_EVENT, event.type().name());
        if (event.source() != null) {
            builder.addKeyValue(KEY_SOURCE, event.source());
        }
        if (event.attempt() > 0) {
            builder.addKeyValue(KEY_ATTEMPT, event.attempt());
        }
        if (event.elapsed() != null) {
            builder.addKeyValue(KEY_ELAPSED_MS, event.elapsed().toMillis());
        }
        if (event.delay() != null) {
            builder.addKeyValue(KEY_DELAY_MS, event.delay().toMillis());
        }
        Throwable failure = event.failure();
        if (failure != null) {
            builder.addKeyValue(KEY_EXCEPTION, failure.getClass().getName());
            String message = failure.getMessage();
            if (message != null) {
                builder.addKeyValue(KEY_EXCEPTION_MESSAGE, redaction.redactText(message));
            }
        }
        String detail = event.detail() == null ? null : redaction.redactText(event.detail());
        if (detail != null) {
            builder.addKeyValue(KEY_DETAIL, detail);
        }
        if (config.logResult() && (event.type() == EventType.SUCCESS || event.type() == EventType.FALLBACK)) {
            builder.addKeyValue(KEY_RESULT, sanitize(ArgumentSanitizer.RESULT, event.result()));
        }
        if (config.logArgs()) {
            for (Map.Entry<String, String> argument : arguments.entrySet()) {
                builder.addKeyValue(ARG_PREFIX + argument.getKey(), argument.getValue());
            }
        }
        builder.log(message(event, withTrace, arguments, detail));
    }

    private String message(
            ResilienceEvent event, boolean withTrace, Map<String, String> arguments, @Nullable String detail) {
        StringBuilder text = new StringBuilder(128).append(event.instance());
        Throwable failure = event.failure();
        switch (event.type()) {
            case SUCCESS -> text.append(" succeeded");
            case FAILURE -> text.append(" failed");
            case RETRY -> text.append(" attempt ").append(event.attempt()).append(" failed");
            case RETRIES_EXHAUSTED ->
                text.append(" gave up after ").append(event.attempt()).append(" attempts");
            case REJECTED -> text.append(" rejected by ").append(event.source());
            case FALLBACK -> text.append(" answered by ").append(event.source() == null ? "fallback" : event.source());
            case STATE_CHANGE ->
                text.append(' ')
                        .append(event.source() == null ? "" : event.source())
                        .append(" changed state");
            case SLOW_CALL -> text.append(" was slow");
            default -> text.append(' ').append(event.type());
        }
        if (event.elapsed() != null) {
            text.append(event.type() == EventType.SUCCESS ? " in " : " after ")
                    .append(event.elapsed().toMillis())
                    .append(" ms");
        }
        if (detail != null) {
            text.append(" (").append(detail).append(')');
        }
        if (failure != null) {
            text.append(": ").append(formatter.header(failure));
        }
        if (event.type() == EventType.RETRY && event.delay() != null) {
            text.append("; retrying in ").append(event.delay().toMillis()).append(" ms");
        }
        if (withTrace) {
            String trace = formatter.format(failure, arguments);
            int firstLineEnd = trace.indexOf('\n');
            if (firstLineEnd >= 0) {
                text.append(trace, firstLineEnd, trace.length());
            }
        }
        return text.toString();
    }

    /**
     * The call's arguments as they may be logged, in order: name (parameter name or index) to the
     * rendered value after the {@link ArgumentSanitizer} and the text redaction.
     */
    public Map<String, String> sanitizedArguments(Object @Nullable [] args) {
        if (args == null || args.length == 0) {
            return Collections.emptyMap();
        }
        Map<String, String> rendered = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String name = i < parameterNames.length ? parameterNames[i] : Integer.toString(i);
            rendered.put(name, sanitize(name, args[i]));
        }
        return rendered;
    }

    private String sanitize(String name, @Nullable Object value) {
        Object safe;
        try {
            safe = sanitizer.sanitize(name, value);
        } catch (RuntimeException | LinkageError e) {
            internalLog.warn("Argument sanitizer failed for '{}'; it is logged as {}", name, UNAVAILABLE, e);
            return UNAVAILABLE;
        }
        if (safe == redaction.redaction()) {
            return redaction.redaction();
        }
        return render(safe);
    }

    private String render(@Nullable Object value) {
        String text;
        try {
            if (value instanceof Object[] array) {
                text = Arrays.deepToString(array);
            } else if (value != null && value.getClass().isArray()) {
                text = primitiveArray(value);
            } else {
                text = String.valueOf(value);
            }
        } catch (RuntimeException | StackOverflowError e) {
            return UNAVAILABLE;
        }
        if (text.length() > MAX_VALUE_LENGTH) {
            text = text.substring(0, MAX_VALUE_LENGTH) + "...";
        }
        return redaction.redactText(text);
    }

    private static String primitiveArray(Object array) {
        if (array instanceof int[] a) {
            return Arrays.toString(a);
        } else if (array instanceof long[] a) {
            return Arrays.toString(a);
        } else if (array instanceof byte[] a) {
            return "byte[" + a.length + "]";
        } else if (array instanceof char[] a) {
            return "char[" + a.length + "]";
        } else if (array instanceof double[] a) {
            return Arrays.toString(a);
        } else if (array instanceof float[] a) {
            return Arrays.toString(a);
        } else if (array instanceof short[] a) {
            return Arrays.toString(a);
        } else if (array instanceof boolean[] a) {
            return Arrays.toString(a);
        }
        return String.valueOf(array);
    }

    @Override
    public String toString() {
        return "LoggingListener{" + config.loggerName() + '}';
    }
}
