package dev.resilient.observation.aggregation;

import dev.resilient.observation.MessageScrubber;
import dev.resilient.observation.stacktrace.StackTraceConfig;
import java.time.Duration;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Settings of the {@link ErrorAggregator} and the {@link ErrorLimitStep}. Immutable; build with
 * {@link #builder()}.
 *
 * <table>
 *   <caption>Settings</caption>
 *   <tr><th>setting</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>window</td><td>10 s</td><td>errors are collected, reported and limited per window</td></tr>
 *   <tr><td>errorLimit</td><td>0 (none)</td><td>errors of one instance per window after which calls fail fast</td></tr>
 *   <tr><td>maxGroups</td><td>100</td><td>distinct groups kept per window; more go to the "other" bucket</td></tr>
 *   <tr><td>callback</td><td>log the report at WARN</td><td>receives each non-empty {@link ErrorReport}</td></tr>
 *   <tr><td>stackTrace</td><td>{@link StackTraceConfig#ofDefaults()} with maxDepth 10</td><td>how sample traces are rendered</td></tr>
 *   <tr><td>scrubber</td><td>{@link MessageScrubber#defaults()}</td><td>scrubs credentials from reported messages and traces</td></tr>
 * </table>
 */
public final class AggregationConfig {

    private final Duration window;
    private final int errorLimit;
    private final int maxGroups;
    private final @Nullable Consumer<ErrorReport> callback;
    private final StackTraceConfig stackTrace;
    private final MessageScrubber scrubber;

    private AggregationConfig(Builder b) {
        this.window = b.window;
        this.errorLimit = b.errorLimit;
        this.maxGroups = b.maxGroups;
        this.callback = b.callback;
        this.stackTrace = b.stackTrace;
        this.scrubber = b.scrubber;
    }

    public static AggregationConfig ofDefaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Duration window() {
        return window;
    }

    /** Errors per instance and window after which calls fail fast; 0 means no limit. */
    public int errorLimit() {
        return errorLimit;
    }

    public int maxGroups() {
        return maxGroups;
    }

    /** The report callback, or {@code null} to log reports. */
    public @Nullable Consumer<ErrorReport> callback() {
        return callback;
    }

    public StackTraceConfig stackTrace() {
        return stackTrace;
    }

    /** The scrubber of reported messages and sample traces. */
    public MessageScrubber scrubber() {
        return scrubber;
    }

    @Override
    public String toString() {
        return "AggregationConfig{window=" + window + ", errorLimit=" + errorLimit + ", maxGroups=" + maxGroups
                + ", callback=" + (callback == null ? "log" : "custom") + ", stackTrace=" + stackTrace + '}';
    }

    /** Builds an {@link AggregationConfig}. */
    public static final class Builder {
        private Duration window = Duration.ofSeconds(10);
        private int errorLimit;
        private int maxGroups = 100;
        private @Nullable Consumer<ErrorReport> callback;
        private StackTraceConfig stackTrace =
                StackTraceConfig.builder().maxDepth(10).build();
        private MessageScrubber scrubber = MessageScrubber.defaults();

        private Builder() {}

        /** The scrubber of reported messages ({@link MessageScrubber#none()} turns it off). */
        public Builder scrubber(MessageScrubber scrubber) {
            this.scrubber = scrubber;
            return this;
        }

        public Builder window(Duration window) {
            this.window = window;
            return this;
        }

        public Builder errorLimit(int errorLimit) {
            this.errorLimit = errorLimit;
            return this;
        }

        public Builder maxGroups(int maxGroups) {
            this.maxGroups = maxGroups;
            return this;
        }

        public Builder callback(@Nullable Consumer<ErrorReport> callback) {
            this.callback = callback;
            return this;
        }

        public Builder stackTrace(StackTraceConfig stackTrace) {
            this.stackTrace = stackTrace;
            return this;
        }

        public AggregationConfig build() {
            if (window == null || window.toMillis() < 1) {
                throw new IllegalArgumentException("window must be at least 1ms but was " + window);
            }
            if (errorLimit < 0) {
                throw new IllegalArgumentException("errorLimit must be >= 0 but was " + errorLimit);
            }
            if (maxGroups < 1) {
                throw new IllegalArgumentException("maxGroups must be >= 1 but was " + maxGroups);
            }
            if (scrubber == null) {
                throw new IllegalArgumentException("scrubber must not be null but was null");
            }
            if (stackTrace == null) {
                throw new IllegalArgumentException("stackTrace must not be null but was null");
            }
            return new AggregationConfig(this);
        }
    }
}
