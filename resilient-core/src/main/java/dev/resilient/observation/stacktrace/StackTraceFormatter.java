package dev.resilient.observation.stacktrace;

import dev.resilient.observation.Redaction;
import dev.resilient.retry.RetryExhaustedException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Renders a failure as text under a {@link StackTraceConfig}: frames up to {@code maxDepth}, runs of
 * hidden frames collapsed to {@code ... N frames hidden}, frames shared with the enclosing trace
 * summarised as {@code ... N more}, causes and suppressed failures (a cycle is written as
 * {@code [CIRCULAR REFERENCE: ...]}), optionally the source lines around the failing frame and the
 * call's sanitized arguments. Messages are passed through the {@link Redaction}. Thread-safe.
 */
public final class StackTraceFormatter {

    private static final int MAX_CACHED_SOURCES = 64;
    private static final List<String> NO_SOURCE = List.of();

    private final StackTraceConfig config;
    private final Redaction redaction;
    private final String[] hidden;
    private final Map<String, List<String>> sources = new ConcurrentHashMap<>();

    /** A formatter with the default redaction. */
    public StackTraceFormatter(StackTraceConfig config) {
        this(config, Redaction.defaults());
    }

    public StackTraceFormatter(StackTraceConfig config, Redaction redaction) {
        this.config = Objects.requireNonNull(config, "config");
        this.redaction = Objects.requireNonNull(redaction, "redaction");
        this.hidden = config.hideFrames().toArray(String[]::new);
    }

    public StackTraceConfig config() {
        return config;
    }

    /** {@code failure} rendered without arguments. */
    public String format(@Nullable Throwable failure) {
        return format(failure, null);
    }

    /**
     * {@code failure} rendered with the call's {@code arguments} (name to rendered, already
     * sanitized value), shown when {@code showArguments} is on.
     */
    public String format(@Nullable Throwable failure, @Nullable Map<String, String> arguments) {
        if (failure == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(1024);
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        write(out, failure, null, "", "", seen, arguments, true);
        if (out.length() > 0 && out.charAt(out.length() - 1) == '\n') {
            out.setLength(out.length() - 1);
        }
        return out.toString();
    }

    /** Whether a frame of {@code className} is hidden. */
    public boolean isHidden(String className) {
        for (String pattern : hidden) {
            if (className.contains(pattern)) {
                return true;
            }
        }
        return false;
    }

    /** {@code type: message} of {@code failure}, the message redacted. */
    public String header(Throwable failure) {
        String message = failure.getLocalizedMessage();
        String type = failure.getClass().getName();
        return message == null ? type : type + ": " + redaction.redactText(message);
    }

    private void write(
            StringBuilder out,
            Throwable failure,
            StackTraceElement @Nullable [] enclosing,
            String caption,
            String prefix,
            Set<Throwable> seen,
            @Nullable Map<String, String> arguments,
            boolean top) {
        if (!seen.add(failure)) {
            out.append(prefix)
                    .append(caption)
                    .append("[CIRCULAR REFERENCE: ")
                    .append(header(failure))
                    .append("]\n");
            return;
        }
        out.append(prefix).append(caption).append(header(failure)).append('\n');
        if (failure instanceof RetryExhaustedException) {
            // the retry's record: no frames of its own, the earlier failures one line each
            for (Throwable earlier : failure.getSuppressed()) {
                if (seen.add(earlier)) {
                    out.append(prefix)
                            .append("\tEarlier failure: ")
                            .append(header(earlier))
                            .append('\n');
                }
            }
            if (failure.getCause() != null) {
                write(out, failure.getCause(), null, "Caused by: ", prefix, seen, arguments, top);
            }
            return;
        }
        StackTraceElement[] trace = failure.getStackTrace();
        if (config.include()) {
            StackTraceElement failing = writeFrames(out, trace, enclosing, prefix);
            if (top && config.showSource() && failing != null) {
                writeSource(out, failing, prefix);
            }
        }
        if (top && config.showArguments() && arguments != null && !arguments.isEmpty()) {
            out.append(prefix).append("\tArguments: ");
            boolean first = true;
            for (Map.Entry<String, String> argument : arguments.entrySet()) {
                if (!first) {
                    out.append(", ");
                }
                first = false;
                out.append(argument.getKey()).append('=').append(argument.getValue());
            }
            out.append('\n');
        }
        for (Throwable suppressed : failure.getSuppressed()) {
            write(out, suppressed, trace, "Suppressed: ", prefix + "\t", seen, null, false);
        }
        Throwable cause = failure.getCause();
        if (cause != null) {
            write(out, cause, trace, "Caused by: ", prefix, seen, null, false);
        }
    }

    private @Nullable StackTraceElement writeFrames(
            StringBuilder out, StackTraceElement[] trace, StackTraceElement @Nullable [] enclosing, String prefix) {
        int inCommon = enclosing == null ? 0 : framesInCommon(trace, enclosing);
        int end = trace.length - inCommon;
        int shown = 0;
        int hiddenRun = 0;
        StackTraceElement failing = null;
        for (int i = 0; i < end; i++) {
            StackTraceElement frame = trace[i];
            if (isHidden(frame.getClassName())) {
                hiddenRun++;
                continue;
            }
            if (shown == config.maxDepth()) {
                int rest = hiddenRun + (end - i);
                out.append(prefix)
                        .append("\t... ")
                        .append(rest)
                        .append(rest == 1 ? " frame" : " frames")
                        .append(" not shown (maxDepth ")
                        .append(config.maxDepth())
                        .append(")\n");
                hiddenRun = 0;
                break;
            }
            hiddenRun = writeHidden(out, hiddenRun, prefix);
            out.append(prefix).append("\tat ").append(frame).append('\n');
            shown++;
            if (failing == null) {
                failing = frame;
            }
        }
        writeHidden(out, hiddenRun, prefix);
        if (inCommon > 0) {
            out.append(prefix).append("\t... ").append(inCommon).append(" more\n");
        }
        return failing;
    }

    private static int writeHidden(StringBuilder out, int hiddenRun, String prefix) {
        if (hiddenRun > 0) {
            out.append(prefix)
                    .append("\t... ")
                    .append(hiddenRun)
                    .append(hiddenRun == 1 ? " frame" : " frames")
                    .append(" hidden\n");
        }
        return 0;
    }

    private static int framesInCommon(StackTraceElement[] trace, StackTraceElement[] enclosing) {
        int m = trace.length - 1;
        int n = enclosing.length - 1;
        while (m >= 0 && n >= 0 && trace[m].equals(enclosing[n])) {
            m--;
            n--;
        }
        return trace.length - 1 - m;
    }

    private void writeSource(StringBuilder out, StackTraceElement frame, String prefix) {
        int line = frame.getLineNumber();
        String file = frame.getFileName();
        if (line <= 0 || file == null || !file.endsWith(".java")) {
            return;
        }
        String className = frame.getClassName();
        int dot = className.lastIndexOf('.');
        String path = (dot < 0 ? "" : className.substring(0, dot).replace('.', '/') + "/") + file;
        List<String> lines = sourceLines(path);
        if (lines.size() < line) {
            return;
        }
        int from = Math.max(1, line - config.sourceContextLines());
        int to = Math.min(lines.size(), line + config.sourceContextLines());
        int width = String.valueOf(to).length();
        out.append(prefix).append("\tSource ").append(path).append(":\n");
        for (int n = from; n <= to; n++) {
            out.append(prefix).append('\t').append(n == line ? "> " : "  ");
            String number = String.valueOf(n);
            out.append(" ".repeat(width - number.length()))
                    .append(number)
                    .append(" | ")
                    .append(lines.get(n - 1))
                    .append('\n');
        }
    }

    private List<String> sourceLines(String path) {
        List<String> cached = sources.get(path);
        if (cached != null) {
            return cached;
        }
        List<String> lines = readSource(path);
        if (sources.size() >= MAX_CACHED_SOURCES) {
            sources.clear();
        }
        sources.put(path, lines);
        return lines;
    }

    private static List<String> readSource(String path) {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        if (loader == null) {
            loader = StackTraceFormatter.class.getClassLoader();
        }
        try (InputStream in =
                loader == null ? ClassLoader.getSystemResourceAsStream(path) : loader.getResourceAsStream(path)) {
            if (in == null) {
                return NO_SOURCE;
            }
            List<String> lines = new ArrayList<>();
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String text;
                while ((text = reader.readLine()) != null) {
                    lines.add(text);
                }
            }
            return List.copyOf(lines);
        } catch (IOException | RuntimeException e) {
            return NO_SOURCE;
        }
    }
}
