package dev.resilient.spring.properties;

/**
 * Stack trace control for logged failures.
 * The {@code stack-trace.*} keys of a profile: {@code resilient.defaults.stack-trace.*} and
 * {@code resilient.profiles.<name>.stack-trace.*}.
 */
public class StackTraceProperties {

    /**
     * Maximum number of frames printed; unset prints all.
     */
    private Integer maxDepth;

    /**
     * Whether proxy, reflection and framework frames are hidden.
     */
    private Boolean hideFrames;

    /**
     * Whether source lines are shown where sources are on the class path.
     */
    private Boolean showSource;

    /**
     * Whether the arguments of the failed call are shown next to the trace.
     */
    private Boolean showArguments;

    public Integer getMaxDepth() {
        return this.maxDepth;
    }

    public void setMaxDepth(Integer maxDepth) {
        this.maxDepth = maxDepth;
    }

    public Boolean getHideFrames() {
        return this.hideFrames;
    }

    public void setHideFrames(Boolean hideFrames) {
        this.hideFrames = hideFrames;
    }

    public Boolean getShowSource() {
        return this.showSource;
    }

    public void setShowSource(Boolean showSource) {
        this.showSource = showSource;
    }

    public Boolean getShowArguments() {
        return this.showArguments;
    }

    public void setShowArguments(Boolean showArguments) {
        this.showArguments = showArguments;
    }
}
