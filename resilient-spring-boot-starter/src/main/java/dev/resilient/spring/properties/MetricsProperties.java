package dev.resilient.spring.properties;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Micrometer metrics.
 * The {@code metrics.*} keys of a profile: {@code resilient.defaults.metrics.*} and
 * {@code resilient.profiles.<name>.metrics.*}.
 */
public class MetricsProperties {

    /**
     * Whether meters are recorded for the instance (when Micrometer is present).
     */
    private Boolean enabled;

    /**
     * Value of the name tag; defaults to the instance name.
     */
    private String name;

    /**
     * Extra tags; values may be SpEL templates such as #{environment.getProperty('region')}.
     */
    private Map<String, String> tags = new LinkedHashMap<>();

    /**
     * Whether the exception tag carries the exception class name.
     */
    private Boolean trackErrorTypes;

    public Boolean getEnabled() {
        return this.enabled;
    }

    public void setEnabled(Boolean enabled) {
        this.enabled = enabled;
    }

    public String getName() {
        return this.name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public Map<String, String> getTags() {
        return this.tags;
    }

    public void setTags(Map<String, String> tags) {
        this.tags = tags;
    }

    public Boolean getTrackErrorTypes() {
        return this.trackErrorTypes;
    }

    public void setTrackErrorTypes(Boolean trackErrorTypes) {
        this.trackErrorTypes = trackErrorTypes;
    }
}
