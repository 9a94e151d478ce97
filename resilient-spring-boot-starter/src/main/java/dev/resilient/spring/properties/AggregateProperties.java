package dev.resilient.spring.properties;

import java.time.Duration;

/**
 * Error aggregation: collect errors over a window, grouped by type and message.
 * The {@code aggregate.*} keys of a profile: {@code resilient.defaults.aggregate.*} and
 * {@code resilient.profiles.<name>.aggregate.*}.
 */
public class AggregateProperties {

    /**
     * Length of the collection window; unset disables aggregation.
     */
    private Duration window;

    /**
     * Number of errors within a window after which calls are stopped until the window ends.
     */
    private Integer limit;

    /**
     * Maximum number of distinct error groups kept per window.
     */
    private Integer maxGroups;

    public Duration getWindow() {
        return this.window;
    }

    public void setWindow(Duration window) {
        this.window = window;
    }

    public Integer getLimit() {
        return this.limit;
    }

    public void setLimit(Integer limit) {
        this.limit = limit;
    }

    public Integer getMaxGroups() {
        return this.maxGroups;
    }

    public void setMaxGroups(Integer maxGroups) {
        this.maxGroups = maxGroups;
    }
}
