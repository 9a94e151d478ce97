package dev.resilient.spring.internal;

import dev.resilient.circuitbreaker.SlidingWindowType;
import dev.resilient.ratelimiter.RateLimitStrategy;
import dev.resilient.retry.Backoff;
import dev.resilient.retry.Jitter;
import dev.resilient.spring.properties.CircuitBreakerProperties;
import dev.resilient.spring.properties.LoggingProperties;
import dev.resilient.spring.properties.ProfileProperties;
import dev.resilient.spring.properties.RetryProperties;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.logging.LogLevel;

/**
 * The built-in defaults and the built-in profiles {@code http} and {@code database}.
 *
 * <p>Exception class names in the presets that are not on the class path (for example Spring's
 * data-access exceptions in an application without {@code spring-tx}) are skipped.
 */
public final class BuiltInProfiles {

    /** Name of the profile used when an annotation names none. */
    public static final String DEFAULT = "default";
    /** Name of the built-in HTTP client profile. */
    public static final String HTTP = "http";
    /** Name of the built-in database profile. */
    public static final String DATABASE = "database";

    private static final Map<String, Supplier<ProfileProperties>> PRESETS =
            Map.of(HTTP, BuiltInProfiles::http, DATABASE, BuiltInProfiles::database);

    private BuiltInProfiles() {}

    /** Whether {@code name} is a built-in preset ({@code http}, {@code database}). */
    public static boolean isPreset(String name) {
        return PRESETS.containsKey(name);
    }

    /** A fresh copy of the preset called {@code name}, or null when there is none. */
    static @Nullable ProfileProperties preset(String name) {
        Supplier<ProfileProperties> supplier = PRESETS.get(name);
        return supplier != null ? supplier.get() : null;
    }

    /** The built-in defaults every merge starts from; see the reference documentation. */
    static ProfileProperties defaults() {
        ProfileProperties p = new ProfileProperties();
        RetryProperties retry = p.getRetry();
        retry.setMaxAttempts(3);
        retry.setDelay(Duration.ofMillis(200));
        retry.setMaxDelay(Duration.ofSeconds(30));
        retry.setBackoff(Backoff.exponential());
        retry.setMultiplier(2.0);
        retry.setJitter(Jitter.full());
        retry.setRetryOn(List.of());
        retry.setAbortOn(List.of());
        retry.setRetryOnStatus(List.of());
        retry.setHonourRetryAfter(true);
        retry.setMaxRetryAfter(Duration.ofSeconds(300));
        retry.setOnExhausted(dev.resilient.retry.OnExhausted.LAST_FAILURE);
        retry.getBudget().setTokenRatio(0.1);

        CircuitBreakerProperties cb = p.getCircuitBreaker();
        cb.setSlowCallDurationThreshold(Duration.ofSeconds(60));
        cb.setSlidingWindowType(SlidingWindowType.COUNT_BASED);
        cb.setSlidingWindowSize(100);
        cb.setMinimumNumberOfCalls(10);
        cb.setRecoveryTimeout(Duration.ofSeconds(30));
        cb.setSuccessThreshold(1); // half-open-requests follows success-threshold unless set
        cb.setRecordOn(List.of());
        cb.setIgnoreOn(List.of());

        p.getRateLimit().setPeriod(Duration.ofSeconds(1));
        p.getRateLimit().setStrategy(RateLimitStrategy.TOKEN_BUCKET);
        p.getRateLimit().setMaxWait(Duration.ZERO);
        p.getRateLimit().setMaxKeys(dev.resilient.ratelimiter.RateLimiterConfig.DEFAULT_MAX_KEYS);

        p.getBulkhead().setMaxWait(Duration.ZERO);

        p.getFallback().setSuppress(List.of());
        p.getFallback().setReraise(false);
        p.getFallback().setHandles(List.of());

        p.getFailureCache().setMaxKeys(10_000);

        p.getAlert().setWindow(Duration.ofMinutes(1));
        p.getAlert().setCooldown(Duration.ofMinutes(5));
        p.getAlert().setWebhookTimeout(Duration.ofSeconds(5));
        p.getAlert().setEscalation(List.of());

        p.getAggregate().setMaxGroups(100);

        LoggingProperties logging = p.getLogging();
        logging.setEnabled(true);
        logging.setLevel(LogLevel.WARN);
        logging.setLogSuccess(false);
        logging.setLogArgs(false);
        logging.setLogResult(false);
        // names added to Redaction.DEFAULT_SENSITIVE_NAMES, which always apply
        logging.setRedact(List.of());
        logging.setIncludeStackTrace(true);

        p.getStackTrace().setHideFrames(true);
        p.getStackTrace().setShowSource(false);
        p.getStackTrace().setShowArguments(false);

        p.getMetrics().setEnabled(true);
        p.getMetrics().setTrackErrorTypes(true);

        p.setActiveIn(List.of());
        p.setIgnoreWhen(List.of());
        return p;
    }

    /**
     * Calls to HTTP services, modelled on .NET's standard resilience handler: rate limit 1000/s,
     * total timeout 30 s, 4 attempts (3 retries) with exponential backoff and jitter from 2 s
     * honouring Retry-After, a circuit opening at 10 % failures over at least 100 calls in a 30 s
     * window for 5 s, an attempt timeout of 10 s. Statuses 408, 429 and 500-599, I/O errors and
     * timed-out attempts are transient.
     */
    static ProfileProperties http() {
        ProfileProperties p = new ProfileProperties();
        p.getRateLimit().setLimit(1000);
        p.getRateLimit().setPeriod(Duration.ofSeconds(1));
        p.setTotalTimeout(Duration.ofSeconds(30));
        p.setTimeout(Duration.ofSeconds(10));

        RetryProperties retry = p.getRetry();
        retry.setMaxAttempts(4);
        retry.setDelay(Duration.ofSeconds(2));
        retry.setBackoff(Backoff.exponential());
        retry.setMultiplier(2.0);
        retry.setJitter(Jitter.full());
        retry.setHonourRetryAfter(true);
        // as the HTTP client integration's own cap (resilient.http.client.max-retry-after)
        retry.setMaxRetryAfter(Duration.ofSeconds(60));
        // the status failures are narrowed to retry-on-status below; a POST's failure is never retried
        // by the HTTP client integration (HttpStatusException and UnsafeHttpRequestException say so)
        retry.setRetryOn(List.of(
                "java.io.IOException",
                "java.util.concurrent.TimeoutException",
                "dev.resilient.timeout.TimeoutExceededException",
                "dev.resilient.spring.http.HttpStatusException",
                "org.springframework.web.client.ResourceAccessException",
                "org.springframework.web.client.RestClientResponseException",
                "org.springframework.web.reactive.function.client.WebClientRequestException",
                "org.springframework.web.reactive.function.client.WebClientResponseException"));
        List<Integer> statuses = new ArrayList<>(List.of(408, 429));
        for (int status = 500; status <= 599; status++) {
            statuses.add(status);
        }
        retry.setRetryOnStatus(List.copyOf(statuses));

        CircuitBreakerProperties cb = p.getCircuitBreaker();
        cb.setFailureRateThreshold(10.0);
        cb.setMinimumNumberOfCalls(100);
        cb.setSlidingWindowType(SlidingWindowType.TIME_BASED);
        cb.setSlidingWindowSize(30);
        cb.setRecoveryTimeout(Duration.ofSeconds(5));
        return p;
    }

    /**
     * Calls to a database: retry transient data-access errors (3 attempts from 100 ms, exponential
     * with jitter, at most 2 s apart) and a circuit opening at 50 % failures of the resource
     * failures over 20 calls for 10 s.
     */
    static ProfileProperties database() {
        ProfileProperties p = new ProfileProperties();
        RetryProperties retry = p.getRetry();
        retry.setMaxAttempts(3);
        retry.setDelay(Duration.ofMillis(100));
        retry.setMaxDelay(Duration.ofSeconds(2));
        retry.setBackoff(Backoff.exponential());
        retry.setJitter(Jitter.full());
        retry.setRetryOn(List.of(
                "org.springframework.dao.TransientDataAccessException",
                "org.springframework.dao.RecoverableDataAccessException",
                "java.sql.SQLTransientException",
                "java.sql.SQLRecoverableException"));

        CircuitBreakerProperties cb = p.getCircuitBreaker();
        cb.setFailureRateThreshold(50.0);
        cb.setSlidingWindowType(SlidingWindowType.COUNT_BASED);
        cb.setSlidingWindowSize(20);
        cb.setMinimumNumberOfCalls(10);
        cb.setRecoveryTimeout(Duration.ofSeconds(10));
        cb.setRecordOn(List.of(
                "org.springframework.dao.TransientDataAccessException",
                "org.springframework.dao.RecoverableDataAccessException",
                "org.springframework.dao.DataAccessResourceFailureException",
                "java.sql.SQLTransientException",
                "java.sql.SQLRecoverableException",
                "java.sql.SQLNonTransientConnectionException"));
        return p;
    }
}
