package dev.resilient.spring.properties;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Error aggregation: collect errors over a window, grouped by type and message.
 * The {@code aggregate.*} keys of a profile: {@code resilient.defaults.aggregate.*} and
 * {@code resilient.profiles.<name>.aggregate.*}.
 */
public class AggregateProperties {

    /**
     * Length of the collection window; unset disables aggregation.
     */
    private @Nullable Duration window;

    /**
     * Number of errors within a window after which calls are stopped until the window ends.
     */
    private @Nullable Integer limit;

    /**
     * Maximum number of distinct error groups kept per window.
     */
    private @Nullable Integer maxGroups;

    public @Nullable Duration getWindow() {
        return this.window;
    }

    public void setWindow(@Nullable Duration window) {
        this.window = window;
    }

    public @Nullable Integer getLimit() {
        return this.limit;
    }

    public void setLimit(@Nullable Integer limit) {
        this.limit = limit;
    }

    public @Nullable Integer getMaxGroups() {
        return this.maxGroups;
    }

    public void setMaxGroups(@Nullable Integer maxGroups) {
        this.maxGroups = maxGroups;
    }
}
