package dev.resilient.retry;

import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;

/**
 * The state of one named retry instance: its configuration, its budget (shared by all its calls)
 * and its counters. Thread-safe. Run calls through it with a {@link RetryStep}.
 */
public final class Retry {

    private final String name;
    private final RetryConfig config;
    private final @Nullable RetryBudget budget;
    private final LongAdder successfulWithoutRetry = new LongAdder();
    private final LongAdder successfulWithRetry = new LongAdder();
    private final LongAdder failedWithoutRetry = new LongAdder();
    private final LongAdder failedWithRetry = new LongAdder();
    private final LongAdder retries = new LongAdder();
    private final LongAdder budgetDenials = new LongAdder();

    public Retry(String name, RetryConfig config) {
        this.name = Objects.requireNonNull(name, "name");
        this.config = Objects.requireNonNull(config, "config");
        RetryBudgetConfig budgetConfig = config.budget();
        this.budget = budgetConfig == null ? null : new RetryBudget(budgetConfig);
    }

    public static Retry of(String name, RetryConfig config) {
        return new Retry(name, config);
    }

    public static Retry ofDefaults(String name) {
        return new Retry(name, RetryConfig.ofDefaults());
    }

    public String name() {
        return name;
    }

    public RetryConfig config() {
        return config;
    }

    /** The budget, or {@code null} when the configuration has none. */
    public @Nullable RetryBudget budget() {
        return budget;
    }

    /** Calls that succeeded on the first attempt. */
    public long successfulCallsWithoutRetry() {
        return successfulWithoutRetry.sum();
    }

    /** Calls that succeeded after at least one retry. */
    public long successfulCallsWithRetry() {
        return successfulWithRetry.sum();
    }

    /** Calls that failed on the first attempt and were not retried (not retryable, or budget spent). */
    public long failedCallsWithoutRetry() {
        return failedWithoutRetry.sum();
    }

    /**
     * Calls that failed after at least one retry, including calls whose retries ran out on a
     * retryable result.
     */
    public long failedCallsWithRetry() {
        return failedWithRetry.sum();
    }

    /** Retries made (waits started). */
    public long retries() {
        return retries.sum();
    }

    /** Retries refused because the budget was spent. */
    public long budgetDenials() {
        return budgetDenials.sum();
    }

    /** Sets the counters back to zero and refills the budget. */
    public void reset() {
        successfulWithoutRetry.reset();
        successfulWithRetry.reset();
        failedWithoutRetry.reset();
        failedWithRetry.reset();
        retries.reset();
        budgetDenials.reset();
        if (budget != null) {
            budget.reset();
        }
    }

    void recordSuccess(int attempts) {
        (attempts > 1 ? successfulWithRetry : successfulWithoutRetry).increment();
        if (budget != null) {
            budget.onSuccess();
        }
    }

    void recordFailure(int attempts) {
        (attempts > 1 ? failedWithRetry : failedWithoutRetry).increment();
    }

    /** A retryable outcome: takes a budget token; returns whether the budget still allows a retry. */
    boolean takeBudget() {
        return budget == null || budget.onFailure();
    }

    void recordBudgetDenial() {
        budgetDenials.increment();
    }

    void recordRetry() {
        retries.increment();
    }

    @Override
    public String toString() {
        return "Retry{" + name + ", " + config + "}";
    }
}
