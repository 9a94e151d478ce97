package dev.resilient.spring.actuate;

import dev.resilient.pipeline.ResilienceRegistry;
import java.util.Objects;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;

/**
 * {@link ResilienceHealthIndicator} for Spring Boot 3.5's health API: the same status and details
 * (circuitBreakers, openCircuits, halfOpenCircuits).
 */
public class Boot3ResilienceHealthIndicator extends AbstractHealthIndicator {

    private final ResilienceRegistry registry;
    private final boolean openCircuitDown;

    /**
     * @param registry whose circuit breakers are reported
     * @param openCircuitDown whether an open circuit makes the status DOWN
     */
    public Boot3ResilienceHealthIndicator(ResilienceRegistry registry, boolean openCircuitDown) {
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
