package dev.resilient.spring.internal;

import dev.resilient.observation.ObservationConfig;
import dev.resilient.spring.ResilientCallListener;
import dev.resilient.spring.ResilientContextProvider;
import dev.resilient.spring.properties.ProfileProperties;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code slow-threshold} and {@code logging.context}, with the context provider and call listeners,
 * onto core's {@link ObservationConfig}; on when any of them is there.
 */
final class ObservationMapping {

    private ObservationMapping() {}

    static ConfigPart map(ProfileProperties p, Checks check) {
        Duration slowThreshold = check.positive("slow-threshold", p.getSlowThreshold());
        Map<String, String> context = p.getLogging().getContext() == null
                ? Map.of()
                : Collections.unmodifiableMap(new LinkedHashMap<>(p.getLogging().getContext()));
        return (pipeline, target) -> {
            ResilientContextProvider provider = target.with().contextProvider();
            List<ResilientCallListener> listeners = target.with().listeners();
            if (slowThreshold == null && provider == null && context.isEmpty() && listeners.isEmpty()) {
                return;
            }
            ObservationConfig.Builder b = ObservationConfig.builder();
            if (!context.isEmpty()) {
                b.staticContext(context);
            }
            if (!listeners.isEmpty()) {
                b.performanceCallback(timing -> listeners.forEach(l -> l.onCall(timing)));
            }
            if (slowThreshold != null) {
                b.slowThreshold(slowThreshold);
            }
            if (provider != null) {
                b.contextProvider(provider::context);
            }
            // MDC entries pass the same rule as logged arguments
            b.redaction(target.redaction()).sanitizer(target.with().sanitizer());
            pipeline.observation(b.build());
        };
    }
}
