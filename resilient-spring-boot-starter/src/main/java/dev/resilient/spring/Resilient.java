package dev.resilient.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.core.annotation.AliasFor;

/**
 * Makes calls of a Spring bean method resilient: retry, circuit breaker, rate limiter, bulkhead,
 * timeout, fallback, failure cache and observation, as configured by named profiles under
 * {@code resilient.profiles} in {@code application.yml}.
 *
 * <pre>{@code
 * @Resilient                                 // the "default" profile
 * @Resilient("payments")                     // one profile; several are merged in order
 * @Resilient(profile = "payments", name = "charge", fallbackMethod = "chargeLater", maxAttempts = "5")
 * }</pre>
 *
 * <p>A method's settings are merged key by key: built-in defaults, then {@code resilient.defaults},
 * then each named profile in order, then the inline attributes of this annotation. Every string
 * attribute accepts {@code ${...}} placeholders; an empty string means "not set". Durations accept
 * the Spring Boot forms ({@code 200ms}, {@code 5s}, {@code 1m}, ISO-8601 {@code PT2S}); a plain
 * number is milliseconds.
 *
 * <p>On a type, the annotation applies to every public method of the class; an annotation on a
 * method replaces the type's annotation for that method. Everything is resolved and validated when
 * the application starts: an unknown profile, a bad value or a fallback method that does not match
 * fails the start-up with a message naming the property or the method.
 */
@Target({ElementType.METHOD, ElementType.TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface Resilient {

    /**
     * Names of the profiles to apply, merged in order (later ones win key by key). Empty means the
     * {@code default} profile, that is {@code resilient.defaults} (plus
     * {@code resilient.profiles.default} when defined). Built-in profiles: {@code http},
     * {@code database}. Alias of {@link #profile()}.
     */
    @AliasFor("profile")
    String[] value() default {};

    /**
     * Alias of {@link #value()}.
     */
    @AliasFor("value")
    String[] profile() default {};

    /**
     * Instance name, which keys the shared state (circuit, limiter, bulkhead, stats, metrics).
     * Methods with the same name share one instance. Default: {@code SimpleClassName.methodName}.
     */
    String name() default "";

    /**
     * Name of a method of the same bean called when the call fails. It takes the same parameters,
     * optionally followed by a trailing {@link Throwable} (or a subtype, which limits the
     * fallback to such failures; among several overloads the most specific match wins), and
     * returns a type assignable to this method's return type. Checked at start-up.
     */
    String fallbackMethod() default "";

    /**
     * Maximum number of attempts, the first call included ({@code retry.max-attempts}).
     */
    String maxAttempts() default "";

    /**
     * Base delay before the first retry, such as {@code 200ms} ({@code retry.delay}).
     */
    String delay() default "";

    /**
     * Upper bound of a single retry delay ({@code retry.max-delay}).
     */
    String maxDelay() default "";

    /**
     * Backoff: {@code fixed}, {@code linear}, {@code exponential} or {@code fibonacci}
     * ({@code retry.backoff}).
     */
    String backoff() default "";

    /**
     * Growth factor of exponential backoff ({@code retry.multiplier}).
     */
    String multiplier() default "";

    /**
     * Jitter: {@code none}, {@code full}, {@code equal} or {@code decorrelated}
     * ({@code retry.jitter}).
     */
    String jitter() default "";

    /**
     * Exceptions that are retried, subclasses included; replaces the profile's
     * {@code retry.retry-on}.
     */
    Class<? extends Throwable>[] retryOn() default {};

    /**
     * Exceptions that are never retried; replaces the profile's {@code retry.abort-on}.
     */
    Class<? extends Throwable>[] noRetryOn() default {};

    /**
     * Timeout of each attempt, such as {@code 2s} ({@code timeout}). A synchronous method's attempts
     * then run on the call executor ({@code resilient.executor.*}) with the caller's context (MDC,
     * Observation, security, registered context-propagation accessors), never its transaction.
     */
    String timeout() default "";

    /**
     * Exceptions swallowed: the call returns the fallback's value, or null / an empty value when
     * there is no fallback method; replaces the profile's {@code fallback.suppress}.
     */
    Class<? extends Throwable>[] suppress() default {};

    /**
     * Consecutive failures that open the circuit ({@code circuit-breaker.failure-threshold}).
     */
    String failureThreshold() default "";

    /**
     * How long an open circuit waits before trial calls ({@code circuit-breaker.recovery-timeout}).
     */
    String recoveryTimeout() default "";

    /**
     * Rate limit, either {@code "limit/period"} such as {@code "100/1m"} or {@code "10/s"}, or a
     * plain number of calls per {@link #ratePeriod()} ({@code rate-limit.limit} and
     * {@code rate-limit.period}).
     */
    String rateLimit() default "";

    /**
     * Period of a plain-number {@link #rateLimit()}, such as {@code 1s} ({@code rate-limit.period}).
     */
    String ratePeriod() default "";

    /**
     * SpEL expression over the arguments whose value gets a rate limit of its own, such as
     * {@code #tenantId} ({@code rate-limit.key}); needs a rate limit.
     */
    String rateLimitKey() default "";

    /**
     * Maximum number of concurrent calls ({@code bulkhead.max-concurrent}).
     */
    String maxConcurrent() default "";

    /**
     * Calls slower than this are logged and counted as slow ({@code slow-threshold}).
     */
    String slowThreshold() default "";

    /**
     * SpEL condition evaluated per call against the bean, method and arguments; when false the call
     * runs without any resilience step ({@code when}).
     */
    String when() default "";

    /**
     * SpEL expression computing the failure cache key from the arguments, such as {@code #p0}
     * ({@code failure-cache.key}).
     */
    String failureCacheKey() default "";

    /**
     * How long a failure is remembered per key; setting it enables the failure cache
     * ({@code failure-cache.ttl}).
     */
    String failureCacheTtl() default "";
}
