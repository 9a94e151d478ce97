package dev.resilient.observation.alert;

import java.time.Duration;

/**
 * Decides, across every JVM of a service, which one sends an alert that is due: the first to
 * {@link #claim} the cooldown of an instance and level sends it, the others stay quiet until the
 * cooldown has passed. {@link AlertManager} still counts errors and applies the cooldown in memory;
 * it asks the shared cooldown only when an alert is due locally, so at most once per cooldown and
 * level per JVM. Configured on {@link AlertConfig.Builder#sharedCooldown}; implemented by
 * {@code resilient-redis}. Thread-safe.
 */
@FunctionalInterface
public interface AlertCooldown {

    /**
     * Claims the alert of {@code instance} at {@code level} for {@code cooldown}: true if this JVM is
     * to send it (no alert of this or a higher level was claimed within the cooldown), false if
     * another one already did. Decides itself what to answer while its store fails.
     */
    boolean claim(String instance, int level, Duration cooldown);
}
