package dev.resilient.spring.internal;

import dev.resilient.observation.aggregation.AggregationConfig;
import dev.resilient.spring.properties.AggregateProperties;
import dev.resilient.spring.properties.ProfileProperties;
import java.time.Duration;

/** {@code aggregate.*} onto core's {@link AggregationConfig}; on when {@code window} is set. */
final class AggregateMapping {

    private AggregateMapping() {}

    static ConfigPart map(ProfileProperties p, Checks check) {
        AggregateProperties ag = p.getAggregate();
        Duration window = check.positive("aggregate.window", ag.getWindow());
        Integer limit = check.atLeastOne("aggregate.limit", ag.getLimit());
        int maxGroups =
                Checks.filled("aggregate.max-groups", check.atLeastOne("aggregate.max-groups", ag.getMaxGroups()));
        if (window == null) {
            return ConfigPart.NONE;
        }
        return (pipeline, target) -> {
            AggregationConfig.Builder b = AggregationConfig.builder()
                    .window(window)
                    .maxGroups(maxGroups)
                    .errorLimit(limit != null ? limit : 0)
                    .scrubber(target.with().scrubber());
            if (target.with().errorReportCallback() != null) {
                b.callback(target.with().errorReportCallback());
            }
            pipeline.aggregation(b.build());
        };
    }
}
