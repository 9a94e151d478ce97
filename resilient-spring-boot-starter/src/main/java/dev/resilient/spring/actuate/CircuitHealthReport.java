package dev.resilient.spring.actuate;

import dev.resilient.circuitbreaker.CircuitBreaker;
import dev.resilient.circuitbreaker.CircuitState;
import dev.resilient.pipeline.ResiliencePipeline;
import dev.resilient.pipeline.ResilienceRegistry;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * What the {@code resilience} health contributor reports, free of any Spring Boot health API so
 * that the contributor of every supported Boot line shows the same: whether a circuit is open and
 * the details {@code circuitBreakers}, {@code openCircuits} and {@code halfOpenCircuits}.
 */
final class CircuitHealthReport {

    private final boolean anyOpen;
    private final Map<String, Object> details;

    private CircuitHealthReport(boolean anyOpen, Map<String, Object> details) {
        this.anyOpen = anyOpen;
        this.details = details;
    }

    /** The circuit breakers of the registry as they are now. */
    static CircuitHealthReport of(ResilienceRegistry registry) {
        int breakers = 0;
        Map<String, Object> open = new TreeMap<>();
        Set<String> halfOpen = new TreeSet<>();
        for (ResiliencePipeline pipeline : registry.pipelines().stream()
                .sorted(Comparator.comparing(ResiliencePipeline::name))
                .toList()) {
            CircuitBreaker breaker = pipeline.circuitBreaker().orElse(null);
            if (breaker == null) {
                continue;
            }
            breakers++;
            CircuitState state = breaker.state();
            if (state.rejectsCalls()) {
                open.put(
                        pipeline.name(),
                        Map.of(
                                "state",
                                state.name(),
                                "remainingOpenMs",
                                state == CircuitState.FORCED_OPEN
                                        ? -1L
                                        : TimeUnit.NANOSECONDS.toMillis(breaker.remainingOpenNanos())));
            } else if (state == CircuitState.HALF_OPEN) {
                halfOpen.add(pipeline.name());
            }
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("circuitBreakers", breakers);
        details.put("openCircuits", open);
        details.put("halfOpenCircuits", halfOpen);
        return new CircuitHealthReport(!open.isEmpty(), details);
    }

    /** Whether an OPEN or FORCED_OPEN circuit is among them. */
    boolean anyOpen() {
        return anyOpen;
    }

    /** The health details, in the order shown. */
    Map<String, Object> details() {
        return details;
    }
}
