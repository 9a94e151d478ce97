package dev.resilient.spring.internal;

import dev.resilient.spring.properties.MetricsProperties;
import dev.resilient.spring.properties.ProfileProperties;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code metrics.*}: no core config, but what the Micrometer integration reads through
 * {@code ResilientInstanceMetadata}, with the tag templates parsed.
 */
final class MetricsMapping {

    private MetricsMapping() {}

    static EffectiveProfile.Metrics resolve(ProfileProperties p, Checks check) {
        MetricsProperties m = p.getMetrics();
        if (m.getName() != null && m.getName().isBlank()) {
            throw check.fail("metrics.name", "name must not be blank", "Remove metrics.name to use the instance name.");
        }
        Map<String, ParsedExpression> tags = new LinkedHashMap<>();
        m.getTags().forEach((k, v) -> tags.put(k, check.expression("metrics.tags." + k, v == null ? "" : v, true)));
        return new EffectiveProfile.Metrics(
                Checks.filled("metrics.enabled", m.getEnabled()),
                m.getName(),
                Collections.unmodifiableMap(tags),
                Checks.filled("metrics.track-error-types", m.getTrackErrorTypes()));
    }
}
