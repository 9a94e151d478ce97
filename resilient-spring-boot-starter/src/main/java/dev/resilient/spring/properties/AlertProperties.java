package dev.resilient.spring.properties;

import java.time.Duration;
import java.util.List;

/**
 * Alerting after repeated errors.
 * The {@code alert.*} keys of a profile: {@code resilient.defaults.alert.*} and
 * {@code resilient.profiles.<name>.alert.*}.
 */
public class AlertProperties {

    /**
     * Where the alert cooldown is claimed: memory (per instance, the default) or redis (one alert for every instance).
     */
    private StateBackend backend;

    public StateBackend getBackend() {
        return this.backend;
    }

    public void setBackend(StateBackend backend) {
        this.backend = backend;
    }

    /**
     * Number of errors within window that raises an alert; unset disables alerting.
     */
    private Integer threshold;

    /**
     * Time window in which errors are counted.
     */
    private Duration window;

    /**
     * Minimum time between two alerts of the same instance.
     */
    private Duration cooldown;

    /**
     * Webhook (for example Slack) that receives alerts as JSON; unset logs alerts only.
     */
    private String webhookUrl;

    /**
     * Timeout of a webhook request.
     */
    private Duration webhookTimeout;

    /**
     * Whether calls refused by an open circuit, a rate limit, a full bulkhead or an error
     * limit count as errors towards the alert threshold.
     */
    private Boolean countRejections;

    /**
     * Escalation levels, each from a number of errors on with its own webhook.
     */
    private List<Escalation> escalation;

    public Boolean getCountRejections() {
        return this.countRejections;
    }

    public void setCountRejections(Boolean countRejections) {
        this.countRejections = countRejections;
    }

    public Integer getThreshold() {
        return this.threshold;
    }

    public void setThreshold(Integer threshold) {
        this.threshold = threshold;
    }

    public Duration getWindow() {
        return this.window;
    }

    public void setWindow(Duration window) {
        this.window = window;
    }

    public Duration getCooldown() {
        return this.cooldown;
    }

    public void setCooldown(Duration cooldown) {
        this.cooldown = cooldown;
    }

    public String getWebhookUrl() {
        return this.webhookUrl;
    }

    public void setWebhookUrl(String webhookUrl) {
        this.webhookUrl = webhookUrl;
    }

    public Duration getWebhookTimeout() {
        return this.webhookTimeout;
    }

    public void setWebhookTimeout(Duration webhookTimeout) {
        this.webhookTimeout = webhookTimeout;
    }

    public List<Escalation> getEscalation() {
        return this.escalation;
    }

    public void setEscalation(List<Escalation> escalation) {
        this.escalation = escalation;
    }

    /**
     * An escalation level of alerting.
     */
    public static class Escalation {

        /**
         * Number of errors within the alert window from which this level applies.
         */
        private Integer afterErrors;

        /**
         * Webhook notified at this level.
         */
        private String webhookUrl;

        public Integer getAfterErrors() {
            return this.afterErrors;
        }

        public void setAfterErrors(Integer afterErrors) {
            this.afterErrors = afterErrors;
        }

        public String getWebhookUrl() {
            return this.webhookUrl;
        }

        public void setWebhookUrl(String webhookUrl) {
            this.webhookUrl = webhookUrl;
        }
    }
}
