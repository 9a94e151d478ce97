package dev.resilient.spring.properties;

import org.jspecify.annotations.Nullable;

/**
 * Cleanup after calls by a ResilientCleanup bean.
 * The {@code cleanup.*} keys of a profile: {@code resilient.defaults.cleanup.*} and
 * {@code resilient.profiles.<name>.cleanup.*}.
 */
public class CleanupProperties {

    /**
     * Name of the ResilientCleanup bean run after calls; unset (or empty) means no cleanup.
     */
    private @Nullable String bean;

    /**
     * When the cleanup runs: always (after every call) or on-failure (only after a failed one).
     */
    private dev.resilient.recovery.CleanupConfig.@Nullable Mode mode;

    public @Nullable String getBean() {
        return this.bean;
    }

    public void setBean(@Nullable String bean) {
        this.bean = bean;
    }

    public dev.resilient.recovery.CleanupConfig.@Nullable Mode getMode() {
        return this.mode;
    }

    public void setMode(dev.resilient.recovery.CleanupConfig.@Nullable Mode mode) {
        this.mode = mode;
    }
}
