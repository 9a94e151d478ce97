package dev.resilient.retry;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The token bucket of a {@link RetryBudgetConfig}, shared by all calls of one retry instance.
 * Lock-free and allocation-free: the tokens are kept in thousandths in one atomic counter, always
 * between 0 and {@code maxTokens}.
 */
public final class RetryBudget {

    private static final long MILLIS_PER_TOKEN = 1000;

    private final RetryBudgetConfig config;
    private final long maxMilliTokens;
    private final long thresholdMilliTokens;
    private final long ratioMilliTokens;
    private final AtomicLong milliTokens;

    public RetryBudget(RetryBudgetConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        this.maxMilliTokens = config.maxTokens() * MILLIS_PER_TOKEN;
        this.thresholdMilliTokens = maxMilliTokens / 2;
        this.ratioMilliTokens = Math.max(1, Math.round(config.tokenRatio() * MILLIS_PER_TOKEN));
        this.milliTokens = new AtomicLong(maxMilliTokens);
    }

    public RetryBudgetConfig config() {
        return config;
    }

    /** A successful call: gives back {@code tokenRatio} tokens, up to {@code maxTokens}. */
    public void onSuccess() {
        AtomicLong tokens = milliTokens;
        long current = tokens.get();
        while (current < maxMilliTokens) {
            long updated = Math.min(maxMilliTokens, current + ratioMilliTokens);
            long witness = tokens.compareAndExchange(current, updated);
            if (witness == current) {
                return;
            }
            current = witness;
        }
    }

    /**
     * A failed attempt: takes one token (never below zero).
     *
     * @return whether a retry is still allowed afterwards, i.e. more than half of the tokens are left
     */
    public boolean onFailure() {
        AtomicLong tokens = milliTokens;
        long current = tokens.get();
        while (current > 0) {
            long updated = Math.max(0, current - MILLIS_PER_TOKEN);
            long witness = tokens.compareAndExchange(current, updated);
            if (witness == current) {
                return updated > thresholdMilliTokens;
            }
            current = witness;
        }
        return false;
    }

    /** Whether a retry is allowed now: more than half of the tokens are left. */
    public boolean allowsRetry() {
        return milliTokens.get() > thresholdMilliTokens;
    }

    /** The tokens left, to a thousandth. */
    public double tokens() {
        return milliTokens.get() / (double) MILLIS_PER_TOKEN;
    }

    /** Fills the bucket again. */
    public void reset() {
        milliTokens.set(maxMilliTokens);
    }

    @Override
    public String toString() {
        return "RetryBudget{tokens=" + tokens() + ", maxTokens=" + config.maxTokens() + "}";
    }
}
