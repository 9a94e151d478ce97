package dev.resilient.observation.logging;

import dev.resilient.observation.Redaction;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The rule that turns a named value into what may be logged: call arguments (named by parameter),
 * the call's result (named {@link #RESULT}) and MDC entries (named by key). The default rule,
 * {@link #redacting(Redaction)}, writes the redaction text for values whose name is sensitive and
 * keeps the others; a custom sanitizer <em>replaces</em> that rule (delegate to
 * {@code redacting(...)} to keep it, e.g. to also mask card numbers). Whatever it returns is rendered
 * with {@code String.valueOf} and then passes the {@link Redaction#redactText(String) text
 * redaction} and message scrubbing like any logged text. An exception thrown here is caught: the
 * value is then logged as {@code <unavailable>} and the call goes on.
 */
@FunctionalInterface
public interface ArgumentSanitizer {

    /** The name the call's result is sanitized under. */
    String RESULT = "result";

    /**
     * @param name the parameter name, or the argument's index ({@code "0"}, {@code "1"}, ...) when
     *     names are not known; {@link #RESULT} for the result; the key for an MDC entry
     * @param value the value (may be {@code null})
     * @return the value to log (rendered with {@code String.valueOf})
     */
    @Nullable
    Object sanitize(String name, @Nullable Object value);

    /** The default rule: the redaction text for sensitive names, the value itself otherwise. */
    static ArgumentSanitizer redacting(Redaction redaction) {
        Objects.requireNonNull(redaction, "redaction");
        return (name, value) -> redaction.isSensitive(name) ? redaction.redaction() : value;
    }
}
