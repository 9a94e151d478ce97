package dev.resilient.spring.internal;

import dev.resilient.retry.Backoff;
import dev.resilient.retry.Jitter;
import dev.resilient.retry.OnExhausted;
import dev.resilient.retry.RetryBudgetConfig;
import dev.resilient.retry.RetryConfig;
import dev.resilient.retry.RetryExhaustedException;
import dev.resilient.spring.ResilientCallListener;
import dev.resilient.spring.http.HttpStatusException;
import dev.resilient.spring.properties.ProfileProperties;
import dev.resilient.spring.properties.RetryProperties;
import dev.resilient.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** {@code retry.*} (with {@code retry.budget.*}) onto core's {@link RetryConfig}. */
final class RetryMapping {

    private RetryMapping() {}

    static ConfigPart map(ProfileProperties p, Checks check) {
        RetryProperties r = p.getRetry();
        int maxAttempts =
                Checks.filled("retry.max-attempts", check.atLeastOne("retry.max-attempts", r.getMaxAttempts()));
        Duration delay = Checks.filled("retry.delay", check.notNegative("retry.delay", r.getDelay()));
        Duration maxDelay = Checks.filled("retry.max-delay", check.positive("retry.max-delay", r.getMaxDelay()));
        if (maxDelay.compareTo(delay) < 0) {
            throw check.fail(
                    check.blame("retry.max-delay", "retry.delay"),
                    "max-delay (" + check.described("retry.max-delay", maxDelay) + ") must not be less than delay ("
                            + check.described("retry.delay", delay) + ")",
                    "Raise retry.max-delay or lower retry.delay.");
        }
        Backoff backoff = Checks.filled("retry.backoff", r.getBackoff());
        double multiplier = Checks.filled("retry.multiplier", r.getMultiplier());
        if (!(multiplier >= 1.0) || Double.isInfinite(multiplier)) {
            throw check.fail("retry.multiplier", "multiplier must be >= 1 but was " + multiplier, null);
        }
        Double jitterRatio = r.getJitterRatio();
        if (jitterRatio != null && !(jitterRatio >= 0.0 && jitterRatio <= 1.0)) {
            throw check.fail("retry.jitter-ratio", "jitter-ratio must be between 0 and 1 but was " + jitterRatio, null);
        }
        Jitter jitter = jitterRatio == null
                ? Checks.filled("retry.jitter", r.getJitter())
                : jitterRatio > 0 ? Jitter.ratio(jitterRatio) : Jitter.none();
        Set<Integer> statuses = new TreeSet<>();
        for (Integer status : Checks.filled("retry.retry-on-status", r.getRetryOnStatus())) {
            if (status == null || status < 100 || status > 599) {
                throw check.fail(
                        "retry.retry-on-status", "HTTP status must be between 100 and 599 but was " + status, null);
            }
            statuses.add(status);
        }
        Set<Integer> retryOnStatus = Collections.unmodifiableSet(statuses);
        Duration maxRetryAfter = check.positive("retry.max-retry-after", r.getMaxRetryAfter());
        Integer maxTokens =
                check.atLeastOne("retry.budget.max-tokens", r.getBudget().getMaxTokens());
        double tokenRatio =
                Checks.filled("retry.budget.token-ratio", r.getBudget().getTokenRatio());
        if (!(tokenRatio > 0.0) || Double.isInfinite(tokenRatio)) {
            throw check.fail("retry.budget.token-ratio", "token-ratio must be > 0 but was " + tokenRatio, null);
        }
        List<Class<? extends Throwable>> retryOn = check.classes("retry.retry-on", r.getRetryOn());
        List<Class<? extends Throwable>> abortOn = check.classes("retry.abort-on", r.getAbortOn());
        boolean honourRetryAfter = Checks.filled("retry.honour-retry-after", r.getHonourRetryAfter());
        OnExhausted onExhausted = r.getOnExhausted() != null ? r.getOnExhausted() : OnExhausted.LAST_FAILURE;
        Duration totalTimeout = p.getTotalTimeout();
        if (maxAttempts <= 1) {
            return ConfigPart.NONE;
        }
        return (pipeline, target) -> {
            boolean http = target.with().http();
            RetryConfig.Builder b = RetryConfig.builder()
                    .maxAttempts(maxAttempts)
                    .backoff(backoff)
                    .baseDelay(delay)
                    .maxDelay(maxDelay)
                    .multiplier(multiplier)
                    .jitter(jitter);
            if (!retryOn.isEmpty()) {
                b.retryOn(retryOn);
            }
            b.abortOn(abortOn);
            b.onExhausted(onExhausted);
            // a wait (a server's Retry-After included) that would outlast the total timeout gives up at once
            b.maxDuration(totalTimeout);
            if (maxRetryAfter != null) {
                b.maxRetryAfter(maxRetryAfter);
            }
            if (!retryOnStatus.isEmpty()) {
                if (http) {
                    b.retryOnResult(result -> retryOnStatus.contains(HttpStatuses.ofResult(result)));
                }
                b.retryIf(failure -> {
                    int status = statusOf(failure, http);
                    return status < 0 || retryOnStatus.contains(status);
                });
            }
            b.honourRetryAfter(honourRetryAfter);
            if (http && honourRetryAfter) {
                Duration max = maxRetryAfter != null ? maxRetryAfter : maxDelay;
                Clock clock = target.with().clock();
                b.retryAfterFromFailure(failure -> HttpStatuses.retryAfterOfFailure(failure, clock, max));
                b.retryAfterFromResult(result -> HttpStatuses.retryAfterOfResult(result, clock, max));
            }
            tellListeners(b, target.with().listeners(), target.instanceName());
            if (maxTokens != null) {
                b.budget(RetryBudgetConfig.builder()
                        .maxTokens(maxTokens)
                        .tokenRatio(tokenRatio)
                        .build());
            }
            pipeline.retry(b.build());
        };
    }

    /** Sum of the retry delays of validated retry settings before jitter, each capped by max-delay. */
    static Duration totalDelay(RetryProperties retry) {
        long cap = Checks.filled("retry.max-delay", retry.getMaxDelay()).toNanos();
        long base = Checks.filled("retry.delay", retry.getDelay()).toNanos();
        int maxAttempts = Checks.filled("retry.max-attempts", retry.getMaxAttempts());
        String backoff = Checks.filled("retry.backoff", retry.getBackoff()).name();
        double multiplier = Checks.filled("retry.multiplier", retry.getMultiplier());
        long sum = 0;
        long fibPrev = 0;
        long fibCur = 1;
        double exp = 1.0;
        for (int retryNo = 1; retryNo < maxAttempts; retryNo++) {
            double factor =
                    switch (backoff) {
                        case "fixed" -> 1.0;
                        case "linear" -> retryNo;
                        case "fibonacci" -> fibCur;
                        default -> exp; // exponential
                    };
            long d = (long) Math.min((double) cap, base * factor);
            sum = sum > Long.MAX_VALUE - d ? Long.MAX_VALUE : sum + d;
            exp *= multiplier;
            long next = fibPrev + fibCur;
            fibPrev = fibCur;
            fibCur = next;
        }
        return Duration.ofNanos(sum);
    }

    private static void tellListeners(RetryConfig.Builder b, List<ResilientCallListener> all, String instanceName) {
        if (all.isEmpty()) {
            return;
        }
        b.onRetry(a -> all.forEach(l -> l.onRetry(instanceName, a)));
        b.onSuccess(a -> all.forEach(l -> l.onSuccess(instanceName, a.result(), a.attempt(), a.elapsed())));
        b.onFailure(a -> all.forEach(l -> {
            if (a.failure() != null) {
                l.onFailure(instanceName, RetryExhaustedException.lastFailureOf(a.failure()), a.attempt(), a.elapsed());
            } else {
                l.onSuccess(instanceName, a.result(), a.attempt(), a.elapsed());
            }
        }));
    }

    /** The HTTP status a failure carries, or -1. */
    private static int statusOf(Throwable failure, boolean web) {
        if (failure instanceof HttpStatusException ex) {
            return ex.statusCode();
        }
        return web ? HttpStatuses.ofFailure(failure) : -1;
    }
}
