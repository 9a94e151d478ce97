package dev.resilient.spring.actuate;

import java.util.Map;
import java.util.Optional;

/**
 * What the application knows about an instance beyond its pipeline: the profile it was configured
 * from, the metric name and the extra metric tags. The actuator endpoint shows the profile; the
 * Micrometer binding uses the metric name as the {@code name} tag (instead of the instance name) and
 * adds the tags to every meter of the instance. Every method may be called often and from many
 * threads; the defaults know nothing.
 */
public interface InstanceMetadata {

    /** Metadata that knows nothing about any instance. */
    InstanceMetadata NONE = new InstanceMetadata() {
        @Override
        public String toString() {
            return "InstanceMetadata.NONE";
        }
    };

    /** The profile (or profiles, comma separated) the instance was configured from. */
    default Optional<String> profile(String instance) {
        return Optional.empty();
    }

    /** Extra tags for every meter of the instance; keys must not be the binding's own tag keys. */
    default Map<String, String> tags(String instance) {
        return Map.of();
    }

    /** The value of the meters' {@code name} tag, when it should differ from the instance name. */
    default Optional<String> metricName(String instance) {
        return Optional.empty();
    }
}
