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

    /** Whether the instance gets meters at all ({@code metrics.enabled}). */
    default boolean metricsEnabled(String instance) {
        return true;
    }

    /**
     * Whether the {@code exception} tag names the failure's type ({@code metrics.track-error-types});
     * when false it is {@code none} for every call.
     */
    default boolean trackErrorTypes(String instance) {
        return true;
    }

    /**
     * Whether the instance's calls are timed by the one Micrometer observation of each call (the
     * starter's {@code @Resilient} methods and HTTP clients); the meter binding then makes no
     * {@code resilient.calls} timer of its own for it.
     */
    default boolean callsObserved(String instance) {
        return false;
    }

    /** The value of the meters' {@code name} tag, when it should differ from the instance name. */
    default Optional<String> metricName(String instance) {
        return Optional.empty();
    }
}
