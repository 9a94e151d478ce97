package dev.resilient.observation.logging;

/**
 * Turns a call argument into what may be logged, e.g. masks a card number or drops a large payload.
 * Called for arguments whose name is not already redacted as sensitive. An exception thrown here is
 * caught: the argument is then logged as {@code <unavailable>} and the call goes on.
 */
@FunctionalInterface
public interface ArgumentSanitizer {

    /**
     * @param name the parameter name, or the argument's index ({@code "0"}, {@code "1"}, ...) when
     *     names are not known
     * @param value the argument
     * @return the value to log (rendered with {@code String.valueOf})
     */
    Object sanitize(String name, Object value);
}
