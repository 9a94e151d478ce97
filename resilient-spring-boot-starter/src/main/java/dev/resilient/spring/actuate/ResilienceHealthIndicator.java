package dev.resilient.spring.actuate;

import dev.resilient.circuitbreaker.CircuitBreaker;
import dev.resilient.circuitbreaker.CircuitState;
import dev.resilient.pipeline.ResiliencePipeline;
import dev.resilient.pipeline.ResilienceRegistry;
import java.util.Comparator;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Reports the circuit breakers of the registry. Details: {@code circuitBreakers} (how many),
 * {@code openCircuits} (name → state and remaining open time of every OPEN or FORCED_OPEN circuit)
 * and {@code halfOpenCircuits} (names). The status is UP, or DOWN when a circuit is open and
 * {@code openCircuitDown} is set: an open circuit means a dependency is failing, which makes this
 * application DOWN only if it cannot serve without that dependency.
 */
public class ResilienceHealthIndicator extends AbstractHealthIndicator {

    private final ResilienceRegistry registry;
    private final boolean openCircuitDown;

    /**
     * @param registry whose circuit breakers are reported
     * @param openCircuitDown whether an open circuit makes the status DOWN
     */
    public ResilienceHealthIndicator(ResilienceRegistry registry, boolean openCircuitDown) {
        super("Resilience health check failed");
        this.registry = Objects.requireNonNull(registry, "registry");
        this.openCircuitDown = openCircuitDown;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
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
        if (openCircuitDown && !open.isEmpty()) {
            builder.down();
        } else {
            builder.up();
        }
        builder.withDetail("circuitBreakers", breakers)
                .withDetail("openCircuits", open)
                .withDetail("halfOpenCircuits", halfOpen);
    }
}
