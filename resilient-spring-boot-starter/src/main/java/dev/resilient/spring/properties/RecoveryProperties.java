package dev.resilient.spring.properties;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Recovery of failures by a ResilientRecovery bean.
 * The {@code recovery.*} keys of a profile: {@code resilient.defaults.recovery.*} and
 * {@code resilient.profiles.<name>.recovery.*}.
 */
public class RecoveryProperties {

    /**
     * Name of the ResilientRecovery bean that answers failures; unset (or empty) means no recovery.
     */
    private @Nullable String bean;

    /**
     * Fully qualified exception class names the recovery answers (subclasses too), matched against the call's last failure; empty answers every exception.
     */
    private @Nullable List<String> recoverOn;

    public @Nullable String getBean() {
        return this.bean;
    }

    public void setBean(@Nullable String bean) {
        this.bean = bean;
    }

    public @Nullable List<String> getRecoverOn() {
        return this.recoverOn;
    }

    public void setRecoverOn(@Nullable List<String> recoverOn) {
        this.recoverOn = recoverOn;
    }
}
