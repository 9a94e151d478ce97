package dev.resilient.spring.properties;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Fallback and suppression of failures.
 * The {@code fallback.*} keys of a profile: {@code resilient.defaults.fallback.*} and
 * {@code resilient.profiles.<name>.fallback.*}.
 */
public class FallbackProperties {

    /**
     * Fully qualified exception class names that are swallowed: the call returns the fallback value, or null / empty when there is no fallback method.
     */
    private @Nullable List<String> suppress;

    /**
     * Whether the original failure is rethrown after the fallback method ran (the fallback is then used for its side effects only).
     */
    private @Nullable Boolean reraise;

    /**
     * Fully qualified exception class names the fallback method handles; empty handles every failure.
     */
    private @Nullable List<String> handles;

    public @Nullable List<String> getSuppress() {
        return this.suppress;
    }

    public void setSuppress(@Nullable List<String> suppress) {
        this.suppress = suppress;
    }

    public @Nullable Boolean getReraise() {
        return this.reraise;
    }

    public void setReraise(@Nullable Boolean reraise) {
        this.reraise = reraise;
    }

    public @Nullable List<String> getHandles() {
        return this.handles;
    }

    public void setHandles(@Nullable List<String> handles) {
        this.handles = handles;
    }
}
