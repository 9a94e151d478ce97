package dev.resilient.observation;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The redaction rule of logs, stack traces, alerts and events. A name (parameter, MDC key, field) is
 * sensitive when it contains one of the sensitive-name patterns, ignoring case ({@code userPassword}
 * matches {@code password}). Free text (exception messages, rendered values) first goes through the
 * {@link MessageScrubber} (credentials in headers, bearer and basic tokens, URL user info, credential
 * pairs), then the values of {@code name=value} or {@code name: value} pairs whose name is sensitive
 * are replaced (a {@code Bearer} / {@code Basic} credential as a whole).
 */
public final class Redaction {

    /** The default sensitive-name patterns. */
    public static final List<String> DEFAULT_SENSITIVE_NAMES = List.of(
            "password",
            "passwd",
            "secret",
            "token",
            "key",
            "apikey",
            "authorization",
            "credential",
            "cookie",
            "session",
            "ssn",
            "pin");

    /** The default replacement text. */
    public static final String DEFAULT_REDACTION = "***";

    private final List<String> names;
    private final String redaction;
    private final @Nullable Pattern pairs;
    private final MessageScrubber scrubber;

    /**
     * Redaction with the given (case-insensitive substring) patterns and replacement text, scrubbing
     * text with {@link MessageScrubber#defaults()}.
     */
    public Redaction(List<String> sensitiveNames, String redaction) {
        this(sensitiveNames, redaction, MessageScrubber.defaults());
    }

    /** Redaction with the given patterns, replacement text and message scrubber. */
    public Redaction(List<String> sensitiveNames, String redaction, MessageScrubber scrubber) {
        this.names =
                sensitiveNames.stream().map(n -> n.toLowerCase(Locale.ROOT)).toList();
        this.redaction = Objects.requireNonNull(redaction, "redaction");
        this.pairs = names.isEmpty() ? null : pairPattern(names);
        this.scrubber = Objects.requireNonNull(scrubber, "scrubber");
    }

    /** The default names extended by {@code extraNames} (case-insensitive, duplicates dropped). */
    public static List<String> defaultNamesPlus(List<String> extraNames) {
        Set<String> names = new LinkedHashSet<>(DEFAULT_SENSITIVE_NAMES);
        for (String extra : extraNames) {
            if (extra == null || extra.isBlank()) {
                throw new IllegalArgumentException("sensitive names must not be blank but were " + extraNames);
            }
            names.add(extra.toLowerCase(Locale.ROOT));
        }
        return List.copyOf(names);
    }

    /** Redaction with the default patterns and {@code ***}. */
    public static Redaction defaults() {
        return Holder.DEFAULTS;
    }

    /** Whether the parameter or field {@code name} is sensitive. */
    public boolean isSensitive(String name) {
        if (name == null) {
            return false;
        }
        String lower = name.toLowerCase(Locale.ROOT);
        for (String pattern : names) {
            if (lower.contains(pattern)) {
                return true;
            }
        }
        return false;
    }

    /**
     * {@code text} scrubbed by the {@link MessageScrubber}, then with the values of sensitive
     * {@code name=value} / {@code name: value} pairs replaced. Never throws.
     */
    public String redactText(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        text = MessageScrubber.safely(scrubber, text);
        if (pairs == null) {
            return text;
        }
        Matcher matcher = pairs.matcher(text);
        if (!matcher.find()) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        do {
            matcher.appendReplacement(out, Matcher.quoteReplacement(matcher.group(1) + matcher.group(2) + redaction));
        } while (matcher.find());
        matcher.appendTail(out);
        return out.toString();
    }

    /** The message scrubber applied to free text. */
    public MessageScrubber scrubber() {
        return scrubber;
    }

    /** The replacement text. */
    public String redaction() {
        return redaction;
    }

    /** The patterns, lower-cased. */
    public List<String> sensitiveNames() {
        return names;
    }

    private static Pattern pairPattern(List<String> names) {
        StringBuilder alternatives = new StringBuilder();
        for (String name : names) {
            if (alternatives.length() > 0) {
                alternatives.append('|');
            }
            alternatives.append(Pattern.quote(name));
        }
        // group 1: the name (any word containing a sensitive pattern), group 2: the separator,
        // then the value: a quoted string, a bearer / basic credential or everything up to a delimiter.
        return Pattern.compile(
                "([\\w.\\-]*(?:" + alternatives + ")[\\w.\\-]*[\"']?)(\\s*[=:]\\s*)"
                        + "(\"[^\"]*\"|'[^']*'|(?:bearer|basic)\\s+[a-z0-9\\-._~+/]+=*|[^\\s,;&}\\]\\)]+)",
                Pattern.CASE_INSENSITIVE);
    }

    private static final class Holder {
        static final Redaction DEFAULTS = new Redaction(DEFAULT_SENSITIVE_NAMES, DEFAULT_REDACTION);
    }
}
