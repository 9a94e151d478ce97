package dev.resilient.spring.internal;

import dev.resilient.spring.ResilientConfigurationException;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.expression.ExpressionParser;
import org.springframework.expression.ParserContext;
import org.springframework.expression.spel.standard.SpelExpressionParser;
import org.springframework.util.ClassUtils;

/**
 * The origin-aware checks the mappings validate merged values with. A check takes the relative key
 * ({@code retry.max-delay}) and the value, returns the value (resolved where that means something,
 * such as class names to classes) and fails with a {@link ResilientConfigurationException} naming
 * where the value came from: the property ({@code resilient.profiles.payments.retry.max-delay}),
 * the annotation attribute ({@code @Resilient(maxDelay)} on a method) or the built-in default.
 */
final class Checks {

    private static final ExpressionParser PARSER = new SpelExpressionParser();

    private final Environment environment;
    private final @Nullable ClassLoader classLoader;
    private final Map<String, Origin> origins;
    private final @Nullable String methodId;

    Checks(
            Environment environment,
            @Nullable ClassLoader classLoader,
            Map<String, Origin> origins,
            @Nullable String methodId) {
        this.environment = environment;
        this.classLoader = classLoader;
        this.origins = origins;
        this.methodId = methodId;
    }

    /**
     * The merged value of {@code key}, which the built-in defaults always set, so that no layer can
     * leave it unset (a later layer's null means "inherit").
     *
     * @throws IllegalStateException when it is null all the same: the built-in defaults lack the key
     */
    static <T> T filled(String key, @Nullable T value) {
        if (value == null) {
            throw new IllegalStateException("the built-in defaults set no " + key);
        }
        return value;
    }

    /** Whether a layer (not only the built-in defaults) may have set {@code key}: it has an origin. */
    boolean isSet(String key) {
        return this.origins.containsKey(key);
    }

    @Nullable
    Integer atLeastOne(String key, @Nullable Integer value) {
        if (value != null && value < 1) {
            throw fail(key, name(key) + " must be >= 1 but was " + value, null);
        }
        return value;
    }

    @Nullable
    Double percent(String key, @Nullable Double value) {
        if (value != null && !(value > 0.0 && value <= 100.0)) {
            throw fail(key, name(key) + " must be a percentage in (0, 100] but was " + value, null);
        }
        return value;
    }

    @Nullable
    Duration positive(String key, @Nullable Duration value) {
        if (value != null && (value.isNegative() || value.isZero())) {
            throw fail(key, name(key) + " must be > 0 but was " + format(value), null);
        }
        return value;
    }

    @Nullable
    Duration notNegative(String key, @Nullable Duration value) {
        if (value != null && value.isNegative()) {
            throw fail(key, name(key) + " must be >= 0 but was " + format(value), null);
        }
        return value;
    }

    /**
     * Exception class names resolved to classes. Names that a built-in preset lists but that are not
     * on the class path are skipped; anywhere else an unknown name fails.
     */
    List<Class<? extends Throwable>> classes(String key, @Nullable List<String> names) {
        Set<Class<? extends Throwable>> result = new LinkedHashSet<>();
        Origin origin = this.origins.get(key);
        boolean optional = origin != null && origin.builtIn();
        for (String name : names != null ? names : List.<String>of()) {
            if (name == null || name.isBlank()) {
                throw fail(key, "exception class name must not be blank", null);
            }
            Class<?> type;
            try {
                type = ClassUtils.forName(name.trim(), this.classLoader);
            } catch (ClassNotFoundException | LinkageError ex) {
                if (optional) {
                    continue;
                }
                throw fail(
                        key,
                        "unknown exception class '" + name.trim() + "'",
                        ExceptionClassHint.action(name.trim(), this.classLoader));
            }
            if (!Throwable.class.isAssignableFrom(type)) {
                throw fail(key, "'" + name.trim() + "' is not a Throwable", "List exception classes only.");
            }
            result.add(type.asSubclass(Throwable.class));
        }
        return List.copyOf(result);
    }

    /** A SpEL expression ({@code template}: a template such as {@code eu-#{...}}) parsed, or null. */
    @Nullable
    ParsedExpression expression(String key, @Nullable String source, boolean template) {
        if (source == null) {
            return null;
        }
        if (!template && source.isBlank()) {
            throw fail(key, "expression must not be blank", null);
        }
        try {
            return new ParsedExpression(
                    source,
                    template
                            ? PARSER.parseExpression(source, ParserContext.TEMPLATE_EXPRESSION)
                            : PARSER.parseExpression(source));
        } catch (RuntimeException ex) {
            throw fail(key, "'" + source + "' is not a valid SpEL expression: " + ex.getMessage(), null);
        }
    }

    /** An absolute http(s) URL, or null when {@code value} is null and not {@code required}. */
    @Nullable
    String url(String key, String label, @Nullable String value, boolean required) {
        if (value == null) {
            if (required) {
                throw fail(key, label + " is required", null);
            }
            return null;
        }
        try {
            URI uri = new URI(value);
            String scheme = uri.getScheme();
            if (scheme == null
                    || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
                    || uri.getHost() == null) {
                throw new IllegalArgumentException("not an absolute http(s) URL");
            }
            return value;
        } catch (Exception ex) {
            throw fail(
                    key,
                    label + " '" + value + "' is not a valid http(s) URL",
                    "Use an absolute URL such as https://hooks.example.com/x.");
        }
    }

    /** Whether the Spring profile expressions of {@code key} accept the environment (none: always). */
    boolean acceptsProfiles(String key, List<String> expressions) {
        if (expressions.isEmpty()) {
            return true;
        }
        for (String expression : expressions) {
            if (expression == null || expression.isBlank()) {
                throw fail(key, "Spring profile names must not be blank", null);
            }
        }
        try {
            return this.environment.acceptsProfiles(Profiles.of(expressions.toArray(String[]::new)));
        } catch (IllegalArgumentException ex) {
            throw fail(key, "malformed profile expression in " + expressions + ": " + ex.getMessage(), null);
        }
    }

    /** Of two keys in a cross-field check, the one set by the more specific layer. */
    String blame(String first, String second) {
        Origin a = this.origins.get(first);
        Origin b = this.origins.get(second);
        int rankA = a == null ? -1 : a.rank();
        int rankB = b == null ? -1 : b.rank();
        return rankB > rankA ? second : first;
    }

    /** Where the value of {@code key} came from, for messages. */
    String path(String key) {
        Origin origin = this.origins.get(key);
        return origin == null ? "built-in default" : origin.path();
    }

    /** A duration and where it came from, for a cross-field message: {@code 2s, from resilient.defaults.retry.delay}. */
    String described(String key, Duration value) {
        return format(value) + ", from " + path(key);
    }

    /** A failure of the value of {@code key}; {@code action} null suggests correcting it where it was set. */
    ResilientConfigurationException fail(String key, String reason, @Nullable String action) {
        Origin origin = this.origins.get(key);
        String property = origin == null ? key : origin.path();
        String fix = action != null
                ? action
                : origin != null && origin.inline()
                        ? "Correct the attribute of @Resilient on " + this.methodId + "."
                        : "Correct " + property + " in your application's configuration.";
        return new ResilientConfigurationException(property, this.methodId, reason, fix);
    }

    /** A duration as people write it in configuration: 1500ms, 30s, 5m. */
    static String format(Duration d) {
        if (d.isZero()) {
            return "0";
        }
        long nanos = d.toNanos();
        if (nanos % 1_000_000 != 0) {
            return nanos + "ns";
        }
        long millis = d.toMillis();
        if (millis % 1000 != 0) {
            return millis + "ms";
        }
        long seconds = d.toSeconds();
        if (seconds % 3600 == 0) {
            return (seconds / 3600) + "h";
        }
        return seconds % 60 == 0 ? (seconds / 60) + "m" : seconds + "s";
    }

    private static String name(String key) {
        return key.substring(key.lastIndexOf('.') + 1);
    }
}
