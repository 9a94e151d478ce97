package dev.resilient.spring.actuate;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** Settings of the {@code resilience} health contributor. */
@ConfigurationProperties("resilient.health")
public class ResilientHealthProperties {

    /**
     * Whether an OPEN or FORCED_OPEN circuit makes the "resilience" health contributor (and so
     * the application's health) DOWN. When false, open circuits are only listed in the details.
     */
    private boolean openCircuitDown = false;

    public boolean isOpenCircuitDown() {
        return openCircuitDown;
    }

    public void setOpenCircuitDown(boolean openCircuitDown) {
        this.openCircuitDown = openCircuitDown;
    }
}
