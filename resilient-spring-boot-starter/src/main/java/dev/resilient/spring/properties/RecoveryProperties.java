package dev.resilient.spring.properties;

import java.util.List;

/**
 * Recovery of failures by a ResilientRecovery bean.
 * The {@code recovery.*} keys of a profile: {@code resilient.defaults.recovery.*} and
 * {@code resilient.profiles.<name>.recovery.*}.
 */
public class RecoveryProperties {

    /**
     * Name of the ResilientRecovery bean that answers failures; unset (or empty) means no recovery.
     */
    private String bean;

    /**
     * Fully qualified exception class names the recovery answers (subclasses too), matched against the call's last failure; empty answers every exception.
     */
    private List<String> recoverOn;

    public String getBean() {
        return this.bean;
    }

    public void setBean(String bean) {
        this.bean = bean;
    }

    public List<String> getRecoverOn() {
        return this.recoverOn;
    }

    public void setRecoverOn(List<String> recoverOn) {
        this.recoverOn = recoverOn;
    }
}
