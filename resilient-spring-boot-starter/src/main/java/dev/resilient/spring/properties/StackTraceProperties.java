package dev.resilient.spring.properties;

import org.jspecify.annotations.Nullable;

/**
 * Stack trace control for logged failures.
 * The {@code stack-trace.*} keys of a profile: {@code resilient.defaults.stack-trace.*} and
 * {@code resilient.profiles.<name>.stack-trace.*}.
 */
public class StackTraceProperties {

    /**
     * Maximum number of frames printed; unset prints all.
     */
    private @Nullable Integer maxDepth;

    /**
     * Whether proxy, reflection and framework frames are hidden.
     */
    private @Nullable Boolean hideFrames;

    /**
     * Whether source lines are shown where sources are on the class path.
     */
    private @Nullable Boolean showSource;

    /**
     * Whether the arguments of the failed call are shown next to the trace.
     */
    private @Nullable Boolean showArguments;

    public @Nullable Integer getMaxDepth() {
        return this.maxDepth;
    }

    public void setMaxDepth(@Nullable Integer maxDepth) {
        this.maxDepth = maxDepth;
    }

    public @Nullable Boolean getHideFrames() {
        return this.hideFrames;
    }

    public void setHideFrames(@Nullable Boolean hideFrames) {
        this.hideFrames = hideFrames;
    }

    public @Nullable Boolean getShowSource() {
        return this.showSource;
    }

    public void setShowSource(@Nullable Boolean showSource) {
        this.showSource = showSource;
    }

    public @Nullable Boolean getShowArguments() {
        return this.showArguments;
    }

    public void setShowArguments(@Nullable Boolean showArguments) {
        this.showArguments = showArguments;
    }
}
