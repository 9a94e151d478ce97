package dev.resilient.spring.properties;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Micrometer metrics.
 * The {@code metrics.*} keys of a profile: {@code resilient.defaults.metrics.*} and
 * {@code resilient.profiles.<name>.metrics.*}.
 */
public class MetricsProperties {

    /**
     * Whether meters are recorded for the instance (when Micrometer is present).
     */
    private @Nullable Boolean enabled;

    /**
     * Value of the name tag; defaults to the instance name.
     */
    private @Nullable String name;

    /**
     * Extra tags; values may be SpEL templates such as #{environment.getProperty('region')}.
     */
    private Map<String, String> tags = new LinkedHashMap<>();

    /**
     * Whether the exception tag carries the exception class name.
     */
    private @Nullable Boolean trackErrorTypes;

    public @Nullable Boolean getEnabled() {
        return this.enabled;
    }

    public void setEnabled(@Nullable Boolean enabled) {
        this.enabled = enabled;
    }

    public @Nullable String getName() {
        return this.name;
    }

    public void setName(@Nullable String name) {
        this.name = name;
    }

    public Map<String, String> getTags() {
        return this.tags;
    }

    public void setTags(Map<String, String> tags) {
        this.tags = tags;
    }

    public @Nullable Boolean getTrackErrorTypes() {
        return this.trackErrorTypes;
    }

    public void setTrackErrorTypes(@Nullable Boolean trackErrorTypes) {
        this.trackErrorTypes = trackErrorTypes;
    }
}
