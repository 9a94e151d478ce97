package dev.resilient.retry.internal;

import dev.resilient.internal.Durations;
import dev.resilient.retry.RetryBudgetConfig;
import dev.resilient.retry.RetryConfig;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** {@link RetryConfig#describe()}: the effective configuration as names and printable values. */
public final class RetryDescription {

    private RetryDescription() {}

    /** The configuration's values in a stable order. */
    public static Map<String, Object> of(RetryConfig config) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("maxAttempts", config.maxAttempts());
        map.put("backoff", config.backoff().name());
        map.put("baseDelay", Durations.format(config.baseDelay()));
        map.put("multiplier", config.multiplier());
        map.put("maxDelay", Durations.format(config.maxDelay()));
        map.put("jitter", config.jitter().name());
        map.put("retryOn", names(config.retryOn()));
        map.put("retryIf", config.retryIf() != null);
        map.put("abortOn", names(config.abortOn()));
        map.put("retryOnResult", config.retryOnResult() != null);
        map.put("retryAfterFromResult", config.retryAfterFromResult() != null);
        map.put("retryAfterFromFailure", config.retryAfterFromFailure() != null);
        map.put("maxRetryAfter", Durations.format(config.maxRetryAfter()));
        Duration maxDuration = config.maxDuration();
        if (maxDuration != null) {
            map.put("maxDuration", Durations.format(maxDuration));
        }
        map.put("onExhausted", config.onExhausted().name().toLowerCase(Locale.ROOT));
        map.put("honourRetryAfter", config.honourRetryAfter());
        RetryBudgetConfig budget = config.budget();
        map.put(
                "budget",
                budget == null ? "none" : Map.of("maxTokens", budget.maxTokens(), "tokenRatio", budget.tokenRatio()));
        return Collections.unmodifiableMap(map);
    }

    private static List<String> names(Set<Class<? extends Throwable>> types) {
        return types.stream().map(Class::getName).toList();
    }
}
