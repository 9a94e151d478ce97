package dev.resilient.spring.properties;

import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Alerting after repeated errors.
 * The {@code alert.*} keys of a profile: {@code resilient.defaults.alert.*} and
 * {@code resilient.profiles.<name>.alert.*}.
 */
public class AlertProperties {

    /**
     * Where the alert cooldown is claimed: memory (per instance, the default) or redis (one alert for every instance).
     */
    private @Nullable StateBackend backend;

    public @Nullable StateBackend getBackend() {
        return this.backend;
    }

    public void setBackend(@Nullable StateBackend backend) {
        this.backend = backend;
    }

    /**
     * Number of errors within window that raises an alert; unset disables alerting.
     */
    private @Nullable Integer threshold;

    /**
     * Time window in which errors are counted.
     */
    private @Nullable Duration window;

    /**
     * Minimum time between two alerts of the same instance.
     */
    private @Nullable Duration cooldown;

    /**
     * Webhook (for example Slack) that receives alerts as JSON; unset logs alerts only.
     */
    private @Nullable String webhookUrl;

    /**
     * Timeout of a webhook request.
     */
    private @Nullable Duration webhookTimeout;

    /**
     * Whether calls refused by an open circuit, a rate limit, a full bulkhead or an error
     * limit count as errors towards the alert threshold.
     */
    private @Nullable Boolean countRejections;

    /**
     * Escalation levels, each from a number of errors on with its own webhook.
     */
    private @Nullable List<Escalation> escalation;

    public @Nullable Boolean getCountRejections() {
        return this.countRejections;
    }

    public void setCountRejections(@Nullable Boolean countRejections) {
        this.countRejections = countRejections;
    }

    public @Nullable Integer getThreshold() {
        return this.threshold;
    }

    public void setThreshold(@Nullable Integer threshold) {
        this.threshold = threshold;
    }

    public @Nullable Duration getWindow() {
        return this.window;
    }

    public void setWindow(@Nullable Duration window) {
        this.window = window;
    }

    public @Nullable Duration getCooldown() {
        return this.cooldown;
    }

    public void setCooldown(@Nullable Duration cooldown) {
        this.cooldown = cooldown;
    }

    public @Nullable String getWebhookUrl() {
        return this.webhookUrl;
    }

    public void setWebhookUrl(@Nullable String webhookUrl) {
        this.webhookUrl = webhookUrl;
    }

    public @Nullable Duration getWebhookTimeout() {
        return this.webhookTimeout;
    }

    public void setWebhookTimeout(@Nullable Duration webhookTimeout) {
        this.webhookTimeout = webhookTimeout;
    }

    public @Nullable List<Escalation> getEscalation() {
        return this.escalation;
    }

    public void setEscalation(@Nullable List<Escalation> escalation) {
        this.escalation = escalation;
    }

    /**
     * An escalation level of alerting.
     */
    public static class Escalation {

        /**
         * Number of errors within the alert window from which this level applies.
         */
        private @Nullable Integer afterErrors;

        /**
         * Webhook notified at this level.
         */
        private @Nullable String webhookUrl;

        public @Nullable Integer getAfterErrors() {
            return this.afterErrors;
        }

        public void setAfterErrors(@Nullable Integer afterErrors) {
            this.afterErrors = afterErrors;
        }

        public @Nullable String getWebhookUrl() {
            return this.webhookUrl;
        }

        public void setWebhookUrl(@Nullable String webhookUrl) {
            this.webhookUrl = webhookUrl;
        }
    }
}
