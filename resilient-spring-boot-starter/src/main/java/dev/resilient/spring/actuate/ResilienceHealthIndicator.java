package dev.resilient.spring.actuate;

import dev.resilient.pipeline.ResilienceRegistry;
import java.util.Objects;
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
        CircuitHealthReport report = CircuitHealthReport.of(registry);
        if (openCircuitDown && report.anyOpen()) {
            builder.down();
        } else {
            builder.up();
        }
        builder.withDetails(report.details());
    }
}
