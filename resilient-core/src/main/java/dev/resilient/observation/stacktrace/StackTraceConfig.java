package dev.resilient.observation.stacktrace;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How failures are rendered in logs and error reports by {@link StackTraceFormatter}.
 *
 * <ul>
 *   <li>{@code include} (default {@code true}): render the frames; when {@code false} only the
 *       {@code type: message} lines of the failure and its causes are written.</li>
 *   <li>{@code maxDepth} (default 30): visible frames written per throwable; the rest is summarised.</li>
 *   <li>{@code hideFrames}: a frame whose class name contains one of these strings is hidden; runs of
 *       hidden frames collapse to {@code ... N frames hidden}. Defaults: reflection, JDK and Spring
 *       proxies, Spring AOP, AspectJ and this library's own frames.</li>
 *   <li>{@code showSource} (default {@code false}): the source lines around the failing frame when
 *       its {@code .java} file is on the classpath as a resource; omitted otherwise.</li>
 *   <li>{@code sourceContextLines} (default 2): lines shown before and after the failing line.</li>
 *   <li>{@code showArguments} (default {@code false}): the call's arguments, sanitized. Java cannot
 *       capture the local variables of a frame at run time; the method's arguments are the honest
 *       stand-in.</li>
 * </ul>
 */
public final class StackTraceConfig {

    /** The frames hidden by default. */
    public static final List<String> DEFAULT_HIDDEN_FRAMES = List.of(
            "jdk.internal.reflect.",
            "java.lang.reflect.",
            "sun.reflect.",
            "$Proxy",
            "$$SpringCGLIB$$",
            "$$EnhancerBySpringCGLIB$$",
            "org.springframework.aop.",
            "org.aspectj.",
            "dev.resilient.");

    private static final StackTraceConfig DEFAULTS = builder().build();

    private final boolean include;
    private final int maxDepth;
    private final List<String> hideFrames;
    private final boolean showSource;
    private final int sourceContextLines;
    private final boolean showArguments;

    private StackTraceConfig(Builder b) {
        this.include = b.include;
        this.maxDepth = b.maxDepth;
        this.hideFrames = List.copyOf(b.hideFrames);
        this.showSource = b.showSource;
        this.sourceContextLines = b.sourceContextLines;
        this.showArguments = b.showArguments;
    }

    public static StackTraceConfig ofDefaults() {
        return DEFAULTS;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from this configuration. */
    public Builder toBuilder() {
        return new Builder()
                .include(include)
                .maxDepth(maxDepth)
                .hideFrames(hideFrames)
                .showSource(showSource)
                .sourceContextLines(sourceContextLines)
                .showArguments(showArguments);
    }

    public boolean include() {
        return include;
    }

    public int maxDepth() {
        return maxDepth;
    }

    public List<String> hideFrames() {
        return hideFrames;
    }

    public boolean showSource() {
        return showSource;
    }

    public int sourceContextLines() {
        return sourceContextLines;
    }

    public boolean showArguments() {
        return showArguments;
    }

    @Override
    public String toString() {
        return "StackTraceConfig{include=" + include + ", maxDepth=" + maxDepth + ", hideFrames=" + hideFrames
                + ", showSource=" + showSource + ", sourceContextLines=" + sourceContextLines
                + ", showArguments=" + showArguments + '}';
    }

    /** Builds a {@link StackTraceConfig}. */
    public static final class Builder {
        private boolean include = true;
        private int maxDepth = 30;
        private List<String> hideFrames = new ArrayList<>(DEFAULT_HIDDEN_FRAMES);
        private boolean showSource;
        private int sourceContextLines = 2;
        private boolean showArguments;

        private Builder() {}

        public Builder include(boolean include) {
            this.include = include;
            return this;
        }

        /** Visible frames written per throwable; must be >= 1. */
        public Builder maxDepth(int maxDepth) {
            this.maxDepth = maxDepth;
            return this;
        }

        /** Replaces the hidden-frame patterns. */
        public Builder hideFrames(List<String> patterns) {
            Objects.requireNonNull(patterns, "hideFrames");
            this.hideFrames = new ArrayList<>(patterns);
            return this;
        }

        /** Adds hidden-frame patterns to the current ones. */
        public Builder addHiddenFrames(String... patterns) {
            this.hideFrames.addAll(List.of(patterns));
            return this;
        }

        public Builder showSource(boolean showSource) {
            this.showSource = showSource;
            return this;
        }

        /** Lines shown before and after the failing line; 0 to 20. */
        public Builder sourceContextLines(int lines) {
            this.sourceContextLines = lines;
            return this;
        }

        public Builder showArguments(boolean showArguments) {
            this.showArguments = showArguments;
            return this;
        }

        public StackTraceConfig build() {
            if (maxDepth < 1) {
                throw new IllegalArgumentException("maxDepth must be >= 1 but was " + maxDepth);
            }
            if (sourceContextLines < 0 || sourceContextLines > 20) {
                throw new IllegalArgumentException(
                        "sourceContextLines must be between 0 and 20 but was " + sourceContextLines);
            }
            for (String pattern : hideFrames) {
                if (pattern == null || pattern.isEmpty()) {
                    throw new IllegalArgumentException(
                            "hideFrames must not contain an empty pattern but was " + hideFrames);
                }
            }
            return new StackTraceConfig(this);
        }
    }
}
