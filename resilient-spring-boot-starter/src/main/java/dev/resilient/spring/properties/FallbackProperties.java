package dev.resilient.spring.properties;

import java.util.List;

/**
 * Fallback and suppression of failures.
 * The {@code fallback.*} keys of a profile: {@code resilient.defaults.fallback.*} and
 * {@code resilient.profiles.<name>.fallback.*}.
 */
public class FallbackProperties {

    /**
     * Fully qualified exception class names that are swallowed: the call returns the fallback value, or null / empty when there is no fallback method.
     */
    private List<String> suppress;

    /**
     * Whether the original failure is rethrown after the fallback method ran (the fallback is then used for its side effects only).
     */
    private Boolean reraise;

    /**
     * Fully qualified exception class names the fallback method handles; empty handles every failure.
     */
    private List<String> handles;

    public List<String> getSuppress() {
        return this.suppress;
    }

    public void setSuppress(List<String> suppress) {
        this.suppress = suppress;
    }

    public Boolean getReraise() {
        return this.reraise;
    }

    public void setReraise(Boolean reraise) {
        this.reraise = reraise;
    }

    public List<String> getHandles() {
        return this.handles;
    }

    public void setHandles(List<String> handles) {
        this.handles = handles;
    }
}
