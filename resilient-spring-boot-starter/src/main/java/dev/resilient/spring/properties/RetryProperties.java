package dev.resilient.spring.properties;

import dev.resilient.retry.Backoff;
import dev.resilient.retry.Jitter;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.NestedConfigurationProperty;

/**
 * Retry: how often and how quickly a failed call is tried again.
 * The {@code retry.*} keys of a profile: {@code resilient.defaults.retry.*} and
 * {@code resilient.profiles.<name>.retry.*}.
 */
public class RetryProperties {

    /**
     * Maximum number of attempts, the first call included; 1 disables retry.
     */
    private Integer maxAttempts;

    /**
     * Base delay before the first retry.
     */
    private Duration delay;

    /**
     * Upper bound of any single delay between attempts (after backoff, before jitter).
     */
    private Duration maxDelay;

    /**
     * How the delay grows from one retry to the next: fixed, linear, exponential or fibonacci.
     */
    private Backoff backoff;

    /**
     * Growth factor of exponential backoff (must be at least 1).
     */
    private Double multiplier;

    /**
     * Randomisation of the delay: none, full, equal or decorrelated.
     */
    private Jitter jitter;

    /**
     * When set (0 to 1), the delay varies randomly by plus or minus this fraction; takes precedence over jitter.
     */
    private Double jitterRatio;

    /**
     * Fully qualified exception class names that are retried (subclasses too); empty retries every exception not in abort-on.
     */
    private List<String> retryOn;

    /**
     * Fully qualified exception class names that are never retried, even when they match retry-on.
     */
    private List<String> abortOn;

    /**
     * HTTP status codes whose responses are retried (used by the HTTP client integration).
     */
    private List<Integer> retryOnStatus;

    /**
     * Whether a server's Retry-After hint (on a failure or result) replaces the computed delay.
     */
    private Boolean honourRetryAfter;

    /**
     * Cap on a delay taken from a Retry-After hint; larger hints are clamped.
     */
    private Duration maxRetryAfter;

    /**
     * What a call throws when its attempts run out: last-failure (the method's last failure, unchanged
     * in type, with a suppressed RetryExhaustedException carrying the attempts) or wrap (a
     * RetryExhaustedException whose cause is the last failure).
     */
    private dev.resilient.retry.OnExhausted onExhausted;

    /**
     * Retry budget shared by every call of an instance, which stops retry storms against a failing dependency.
     */
    @NestedConfigurationProperty
    private Budget budget = new Budget();

    public Integer getMaxAttempts() {
        return this.maxAttempts;
    }

    public void setMaxAttempts(Integer maxAttempts) {
        this.maxAttempts = maxAttempts;
    }

    public Duration getDelay() {
        return this.delay;
    }

    public void setDelay(Duration delay) {
        this.delay = delay;
    }

    public Duration getMaxDelay() {
        return this.maxDelay;
    }

    public void setMaxDelay(Duration maxDelay) {
        this.maxDelay = maxDelay;
    }

    public Backoff getBackoff() {
        return this.backoff;
    }

    public void setBackoff(Backoff backoff) {
        this.backoff = backoff;
    }

    public Double getMultiplier() {
        return this.multiplier;
    }

    public void setMultiplier(Double multiplier) {
        this.multiplier = multiplier;
    }

    public Jitter getJitter() {
        return this.jitter;
    }

    public void setJitter(Jitter jitter) {
        this.jitter = jitter;
    }

    public Double getJitterRatio() {
        return this.jitterRatio;
    }

    public void setJitterRatio(Double jitterRatio) {
        this.jitterRatio = jitterRatio;
    }

    public List<String> getRetryOn() {
        return this.retryOn;
    }

    public void setRetryOn(List<String> retryOn) {
        this.retryOn = retryOn;
    }

    public List<String> getAbortOn() {
        return this.abortOn;
    }

    public void setAbortOn(List<String> abortOn) {
        this.abortOn = abortOn;
    }

    public List<Integer> getRetryOnStatus() {
        return this.retryOnStatus;
    }

    public void setRetryOnStatus(List<Integer> retryOnStatus) {
        this.retryOnStatus = retryOnStatus;
    }

    public Boolean getHonourRetryAfter() {
        return this.honourRetryAfter;
    }

    public void setHonourRetryAfter(Boolean honourRetryAfter) {
        this.honourRetryAfter = honourRetryAfter;
    }

    public Duration getMaxRetryAfter() {
        return this.maxRetryAfter;
    }

    public void setMaxRetryAfter(Duration maxRetryAfter) {
        this.maxRetryAfter = maxRetryAfter;
    }

    public dev.resilient.retry.OnExhausted getOnExhausted() {
        return this.onExhausted;
    }

    public void setOnExhausted(dev.resilient.retry.OnExhausted onExhausted) {
        this.onExhausted = onExhausted;
    }

    public Budget getBudget() {
        return this.budget;
    }

    public void setBudget(Budget budget) {
        this.budget = budget;
    }

    /**
     * Retry budget: a token bucket of retries shared by an instance.
     */
    public static class Budget {

        /**
         * Size of the token bucket; each retry takes one token. Unset means no budget.
         */
        private Integer maxTokens;

        /**
         * Tokens given back per successful call (for example 0.1: one retry per ten successes).
         */
        private Double tokenRatio;

        public Integer getMaxTokens() {
            return this.maxTokens;
        }

        public void setMaxTokens(Integer maxTokens) {
            this.maxTokens = maxTokens;
        }

        public Double getTokenRatio() {
            return this.tokenRatio;
        }

        public void setTokenRatio(Double tokenRatio) {
            this.tokenRatio = tokenRatio;
        }
    }
}
