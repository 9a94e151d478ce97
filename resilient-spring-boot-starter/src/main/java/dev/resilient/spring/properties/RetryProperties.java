package dev.resilient.spring.properties;

import dev.resilient.retry.Backoff;
import dev.resilient.retry.Jitter;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;
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
    private @Nullable Integer maxAttempts;

    /**
     * Base delay before the first retry.
     */
    private @Nullable Duration delay;

    /**
     * Upper bound of any single delay between attempts (after backoff, before jitter).
     */
    private @Nullable Duration maxDelay;

    /**
     * How the delay grows from one retry to the next: fixed, linear, exponential or fibonacci.
     */
    private @Nullable Backoff backoff;

    /**
     * Growth factor of exponential backoff (must be at least 1).
     */
    private @Nullable Double multiplier;

    /**
     * Randomisation of the delay: none, full, equal or decorrelated.
     */
    private @Nullable Jitter jitter;

    /**
     * When set (0 to 1), the delay varies randomly by plus or minus this fraction; takes precedence over jitter.
     */
    private @Nullable Double jitterRatio;

    /**
     * Fully qualified exception class names that are retried (subclasses too); empty retries every exception not in abort-on.
     */
    private @Nullable List<String> retryOn;

    /**
     * Fully qualified exception class names that are never retried, even when they match retry-on.
     */
    private @Nullable List<String> abortOn;

    /**
     * HTTP status codes whose responses are retried (used by the HTTP client integration).
     */
    private @Nullable List<Integer> retryOnStatus;

    /**
     * Whether a server's Retry-After hint (on a failure or result) replaces the computed delay.
     */
    private @Nullable Boolean honourRetryAfter;

    /**
     * Cap on a delay taken from a Retry-After hint; larger hints are clamped.
     */
    private @Nullable Duration maxRetryAfter;

    /**
     * What a call throws when its attempts run out: last-failure (the method's last failure, unchanged
     * in type, with a suppressed RetryExhaustedException carrying the attempts) or wrap (a
     * RetryExhaustedException whose cause is the last failure).
     */
    private dev.resilient.retry.@Nullable OnExhausted onExhausted;

    /**
     * Retry budget shared by every call of an instance, which stops retry storms against a failing dependency.
     */
    @NestedConfigurationProperty
    private Budget budget = new Budget();

    public @Nullable Integer getMaxAttempts() {
        return this.maxAttempts;
    }

    public void setMaxAttempts(@Nullable Integer maxAttempts) {
        this.maxAttempts = maxAttempts;
    }

    public @Nullable Duration getDelay() {
        return this.delay;
    }

    public void setDelay(@Nullable Duration delay) {
        this.delay = delay;
    }

    public @Nullable Duration getMaxDelay() {
        return this.maxDelay;
    }

    public void setMaxDelay(@Nullable Duration maxDelay) {
        this.maxDelay = maxDelay;
    }

    public @Nullable Backoff getBackoff() {
        return this.backoff;
    }

    public void setBackoff(@Nullable Backoff backoff) {
        this.backoff = backoff;
    }

    public @Nullable Double getMultiplier() {
        return this.multiplier;
    }

    public void setMultiplier(@Nullable Double multiplier) {
        this.multiplier = multiplier;
    }

    public @Nullable Jitter getJitter() {
        return this.jitter;
    }

    public void setJitter(@Nullable Jitter jitter) {
        this.jitter = jitter;
    }

    public @Nullable Double getJitterRatio() {
        return this.jitterRatio;
    }

    public void setJitterRatio(@Nullable Double jitterRatio) {
        this.jitterRatio = jitterRatio;
    }

    public @Nullable List<String> getRetryOn() {
        return this.retryOn;
    }

    public void setRetryOn(@Nullable List<String> retryOn) {
        this.retryOn = retryOn;
    }

    public @Nullable List<String> getAbortOn() {
        return this.abortOn;
    }

    public void setAbortOn(@Nullable List<String> abortOn) {
        this.abortOn = abortOn;
    }

    public @Nullable List<Integer> getRetryOnStatus() {
        return this.retryOnStatus;
    }

    public void setRetryOnStatus(@Nullable List<Integer> retryOnStatus) {
        this.retryOnStatus = retryOnStatus;
    }

    public @Nullable Boolean getHonourRetryAfter() {
        return this.honourRetryAfter;
    }

    public void setHonourRetryAfter(@Nullable Boolean honourRetryAfter) {
        this.honourRetryAfter = honourRetryAfter;
    }

    public @Nullable Duration getMaxRetryAfter() {
        return this.maxRetryAfter;
    }

    public void setMaxRetryAfter(@Nullable Duration maxRetryAfter) {
        this.maxRetryAfter = maxRetryAfter;
    }

    public dev.resilient.retry.@Nullable OnExhausted getOnExhausted() {
        return this.onExhausted;
    }

    public void setOnExhausted(dev.resilient.retry.@Nullable OnExhausted onExhausted) {
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
        private @Nullable Integer maxTokens;

        /**
         * Tokens given back per successful call (for example 0.1: one retry per ten successes).
         */
        private @Nullable Double tokenRatio;

        public @Nullable Integer getMaxTokens() {
            return this.maxTokens;
        }

        public void setMaxTokens(@Nullable Integer maxTokens) {
            this.maxTokens = maxTokens;
        }

        public @Nullable Double getTokenRatio() {
            return this.tokenRatio;
        }

        public void setTokenRatio(@Nullable Double tokenRatio) {
            this.tokenRatio = tokenRatio;
        }
    }
}
