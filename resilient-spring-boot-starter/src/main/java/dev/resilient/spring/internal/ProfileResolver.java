package dev.resilient.spring.internal;

import dev.resilient.spring.ResilientConfigurationException;
import dev.resilient.spring.properties.BackendFailure;
import dev.resilient.spring.properties.FluxMode;
import dev.resilient.spring.properties.ProfileProperties;
import dev.resilient.spring.properties.StateBackend;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.expression.ExpressionParser;
import org.springframework.expression.ParserContext;
import org.springframework.expression.spel.standard.SpelExpressionParser;
import org.springframework.util.ClassUtils;

/**
 * Validates merged profile values and resolves them into an {@link EffectiveProfile}. Every error
 * names the property or annotation attribute the offending value came from.
 */
final class ProfileResolver {

    private static final ExpressionParser PARSER = new SpelExpressionParser();

    private final Environment environment;
    private final ClassLoader classLoader;
    private final PropertyTree.Merged merged;
    private final Map<String, Origin> origins;
    private final String methodId;

    ProfileResolver(Environment environment, ClassLoader classLoader, PropertyTree.Merged merged, String methodId) {
        this.environment = environment;
        this.classLoader = classLoader;
        this.merged = merged;
        this.origins = merged.origins();
        this.methodId = methodId;
    }

    EffectiveProfile resolve(List<String> profiles) {
        ProfileProperties p = this.merged.values();
        EffectiveProfile.Retry retry = retry(p.getRetry());
        EffectiveProfile.CircuitBreaker circuitBreaker = circuitBreaker(p.getCircuitBreaker());
        ProfileProperties.RateLimit rl = p.getRateLimit();
        EffectiveProfile.RateLimit rateLimit = new EffectiveProfile.RateLimit(
                atLeastOne("rate-limit.limit", rl.getLimit()),
                positive("rate-limit.period", rl.getPeriod()),
                rl.getStrategy(),
                notNegative("rate-limit.max-wait", rl.getMaxWait()),
                expression("rate-limit.key", rl.getKey(), false),
                atLeastOne("rate-limit.max-keys", rl.getMaxKeys()));
        if (rl.getKey() != null && rl.getLimit() == null) {
            throw fail(
                    "rate-limit.key",
                    "a per-key rate limit needs rate-limit.limit, which is not set",
                    "Set rate-limit.limit (and rate-limit.period) next to rate-limit.key, or remove rate-limit.key.");
        }
        ProfileProperties.Bulkhead bh = p.getBulkhead();
        EffectiveProfile.Bulkhead bulkhead = new EffectiveProfile.Bulkhead(
                atLeastOne("bulkhead.max-concurrent", bh.getMaxConcurrent()),
                notNegative("bulkhead.max-wait", bh.getMaxWait()));
        Duration timeout = positive("timeout", p.getTimeout());
        Duration totalTimeout = positive("total-timeout", p.getTotalTimeout());
        checkTotalTimeout(retry, timeout, totalTimeout);
        Duration slowThreshold = positive("slow-threshold", p.getSlowThreshold());

        ProfileProperties.Fallback fb = p.getFallback();
        EffectiveProfile.Fallback fallback = new EffectiveProfile.Fallback(
                classes("fallback.suppress", fb.getSuppress()),
                fb.getReraise(),
                classes("fallback.handles", fb.getHandles()));

        ProfileProperties.FailureCache fc = p.getFailureCache();
        EffectiveProfile.FailureCache failureCache = new EffectiveProfile.FailureCache(
                positive("failure-cache.ttl", fc.getTtl()),
                expression("failure-cache.key", fc.getKey(), false),
                atLeastOne("failure-cache.max-keys", fc.getMaxKeys()));

        EffectiveProfile.Alert alert = alert(p.getAlert());

        ProfileProperties.Aggregate ag = p.getAggregate();
        EffectiveProfile.Aggregate aggregate = new EffectiveProfile.Aggregate(
                positive("aggregate.window", ag.getWindow()),
                atLeastOne("aggregate.limit", ag.getLimit()),
                atLeastOne("aggregate.max-groups", ag.getMaxGroups()));

        ProfileProperties.Logging lg = p.getLogging();
        EffectiveProfile.Logging logging = new EffectiveProfile.Logging(
                lg.getEnabled(),
                lg.getLevel(),
                lg.getLogSuccess(),
                lg.getLogArgs(),
                lg.getLogResult(),
                List.copyOf(lg.getRedact()),
                lg.getIncludeStackTrace(),
                !Boolean.FALSE.equals(lg.getMdcAttempt()),
                lg.getContext() == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(lg.getContext())));

        ProfileProperties.StackTrace st = p.getStackTrace();
        EffectiveProfile.StackTrace stackTrace = new EffectiveProfile.StackTrace(
                atLeastOne("stack-trace.max-depth", st.getMaxDepth()),
                st.getHideFrames(),
                st.getShowSource(),
                st.getShowArguments());

        EffectiveProfile.Metrics metrics = metrics(p.getMetrics());
        EffectiveProfile.ParsedExpression when = expression("when", p.getWhen(), false);
        List<String> activeIn = List.copyOf(p.getActiveIn());
        boolean active = active(activeIn);
        List<Class<? extends Throwable>> ignoreWhen = classes("ignore-when", p.getIgnoreWhen());
        EffectiveProfile.Recovery recovery = recovery(p.getRecovery());
        EffectiveProfile.Cleanup cleanup = cleanup(p.getCleanup());

        Map<String, String> sources = new LinkedHashMap<>();
        this.origins.forEach((key, origin) -> sources.put(key, origin.path()));
        return new EffectiveProfile(
                List.copyOf(profiles),
                retry,
                circuitBreaker,
                rateLimit,
                bulkhead,
                timeout,
                totalTimeout,
                slowThreshold,
                fallback,
                failureCache,
                alert,
                aggregate,
                logging,
                stackTrace,
                metrics,
                when,
                activeIn,
                active,
                ignoreWhen,
                recovery,
                cleanup,
                Collections.unmodifiableMap(sources),
                p.getFluxMode() != null ? p.getFluxMode() : FluxMode.BUFFER,
                backends(p));
    }

    private static EffectiveProfile.Backends backends(ProfileProperties p) {
        return new EffectiveProfile.Backends(
                orMemory(p.getRateLimit().getBackend()),
                orMemory(p.getFailureCache().getBackend()),
                orMemory(p.getAlert().getBackend()),
                orMemory(p.getCircuitBreaker().getBackend()),
                p.getOnBackendFailure() != null ? p.getOnBackendFailure() : BackendFailure.LOCAL);
    }

    private static StateBackend orMemory(StateBackend backend) {
        return backend != null ? backend : StateBackend.MEMORY;
    }

    private EffectiveProfile.Recovery recovery(ProfileProperties.Recovery r) {
        String bean = beanName(r.getBean());
        List<String> names = r.getRecoverOn() == null ? List.of() : r.getRecoverOn();
        List<Class<? extends Throwable>> recoverOn = classes("recovery.recover-on", names);
        for (Class<? extends Throwable> type : recoverOn) {
            if (Error.class.isAssignableFrom(type)) {
                throw fail(
                        "recovery.recover-on",
                        "'" + type.getName() + "' is an Error; errors are never recovered",
                        "List exception classes only.");
            }
        }
        if (bean == null && !names.isEmpty()) {
            throw fail(
                    "recovery.recover-on",
                    "recover-on needs recovery.bean, the ResilientRecovery bean that answers these failures",
                    "Set recovery.bean next to recovery.recover-on.");
        }
        return new EffectiveProfile.Recovery(bean, recoverOn);
    }

    private EffectiveProfile.Cleanup cleanup(ProfileProperties.Cleanup c) {
        String bean = beanName(c.getBean());
        if (bean == null && c.getMode() != null && this.origins.containsKey("cleanup.mode")) {
            throw fail(
                    "cleanup.mode",
                    "mode needs cleanup.bean, the ResilientCleanup bean to run",
                    "Set cleanup.bean next to cleanup.mode.");
        }
        return new EffectiveProfile.Cleanup(
                bean, c.getMode() != null ? c.getMode() : dev.resilient.recovery.CleanupConfig.Mode.ALWAYS);
    }

    private static String beanName(String name) {
        return name == null || name.isBlank() ? null : name.trim();
    }

    private EffectiveProfile.Retry retry(ProfileProperties.Retry r) {
        int maxAttempts = atLeastOne("retry.max-attempts", r.getMaxAttempts());
        Duration delay = notNegative("retry.delay", r.getDelay());
        Duration maxDelay = positive("retry.max-delay", r.getMaxDelay());
        if (maxDelay.compareTo(delay) < 0) {
            String key = blame("retry.max-delay", "retry.delay");
            throw fail(
                    key,
                    "max-delay (" + format(maxDelay) + ", from " + path("retry.max-delay")
                            + ") must not be less than delay (" + format(delay) + ", from " + path("retry.delay") + ")",
                    "Raise retry.max-delay or lower retry.delay.");
        }
        double multiplier = r.getMultiplier();
        if (!(multiplier >= 1.0) || Double.isInfinite(multiplier)) {
            throw fail("retry.multiplier", "multiplier must be >= 1 but was " + multiplier, null);
        }
        Double jitterRatio = r.getJitterRatio();
        if (jitterRatio != null && !(jitterRatio >= 0.0 && jitterRatio <= 1.0)) {
            throw fail("retry.jitter-ratio", "jitter-ratio must be between 0 and 1 but was " + jitterRatio, null);
        }
        Set<Integer> statuses = new TreeSet<>();
        for (Integer status : r.getRetryOnStatus()) {
            if (status == null || status < 100 || status > 599) {
                throw fail("retry.retry-on-status", "HTTP status must be between 100 and 599 but was " + status, null);
            }
            statuses.add(status);
        }
        Duration maxRetryAfter = positive("retry.max-retry-after", r.getMaxRetryAfter());
        EffectiveProfile.Budget budget = null;
        Integer maxTokens = atLeastOne("retry.budget.max-tokens", r.getBudget().getMaxTokens());
        double tokenRatio = r.getBudget().getTokenRatio();
        if (!(tokenRatio > 0.0) || Double.isInfinite(tokenRatio)) {
            throw fail("retry.budget.token-ratio", "token-ratio must be > 0 but was " + tokenRatio, null);
        }
        if (maxTokens != null) {
            budget = new EffectiveProfile.Budget(maxTokens, tokenRatio);
        }
        return new EffectiveProfile.Retry(
                maxAttempts,
                delay,
                maxDelay,
                r.getBackoff(),
                multiplier,
                r.getJitter(),
                jitterRatio,
                classes("retry.retry-on", r.getRetryOn()),
                classes("retry.abort-on", r.getAbortOn()),
                Collections.unmodifiableSet(statuses),
                r.getHonourRetryAfter(),
                maxRetryAfter,
                budget,
                r.getOnExhausted() != null ? r.getOnExhausted() : dev.resilient.retry.OnExhausted.LAST_FAILURE);
    }

    private EffectiveProfile.CircuitBreaker circuitBreaker(ProfileProperties.CircuitBreaker c) {
        return new EffectiveProfile.CircuitBreaker(
                atLeastOne("circuit-breaker.failure-threshold", c.getFailureThreshold()),
                percent("circuit-breaker.failure-rate-threshold", c.getFailureRateThreshold()),
                percent("circuit-breaker.slow-call-rate-threshold", c.getSlowCallRateThreshold()),
                positive("circuit-breaker.slow-call-duration-threshold", c.getSlowCallDurationThreshold()),
                c.getSlidingWindowType(),
                atLeastOne("circuit-breaker.sliding-window-size", c.getSlidingWindowSize()),
                atLeastOne("circuit-breaker.minimum-number-of-calls", c.getMinimumNumberOfCalls()),
                positive("circuit-breaker.recovery-timeout", c.getRecoveryTimeout()),
                halfOpenRequests(c),
                atLeastOne("circuit-breaker.success-threshold", c.getSuccessThreshold()),
                classes("circuit-breaker.record-on", c.getRecordOn()),
                classes("circuit-breaker.ignore-on", c.getIgnoreOn()));
    }

    /** {@code half-open-requests}, or when it is not set {@code success-threshold} (at least 1). */
    private Integer halfOpenRequests(ProfileProperties.CircuitBreaker c) {
        Integer halfOpen = atLeastOne("circuit-breaker.half-open-requests", c.getHalfOpenRequests());
        if (halfOpen != null) {
            return halfOpen;
        }
        Integer success = atLeastOne("circuit-breaker.success-threshold", c.getSuccessThreshold());
        return success != null ? success : 1;
    }

    private EffectiveProfile.Alert alert(ProfileProperties.Alert a) {
        List<EffectiveProfile.Escalation> escalation = new ArrayList<>();
        int previous = 0;
        for (int i = 0; i < a.getEscalation().size(); i++) {
            ProfileProperties.Alert.Escalation e = a.getEscalation().get(i);
            String key = "alert.escalation";
            String element = "[" + i + "]";
            if (e.getAfterErrors() == null || e.getAfterErrors() < 1) {
                throw fail(key, element + ".after-errors must be >= 1 but was " + e.getAfterErrors(), null);
            }
            if (e.getAfterErrors() <= previous) {
                throw fail(
                        key,
                        element + ".after-errors must be greater than the level before it (" + previous + ") but was "
                                + e.getAfterErrors(),
                        "List escalation levels in increasing order of after-errors.");
            }
            previous = e.getAfterErrors();
            escalation.add(new EffectiveProfile.Escalation(
                    e.getAfterErrors(), url(key, element + ".webhook-url", e.getWebhookUrl(), true)));
        }
        return new EffectiveProfile.Alert(
                atLeastOne("alert.threshold", a.getThreshold()),
                positive("alert.window", a.getWindow()),
                notNegative("alert.cooldown", a.getCooldown()),
                url("alert.webhook-url", "webhook-url", a.getWebhookUrl(), false),
                positive("alert.webhook-timeout", a.getWebhookTimeout()),
                List.copyOf(escalation),
                Boolean.TRUE.equals(a.getCountRejections()));
    }

    private EffectiveProfile.Metrics metrics(ProfileProperties.Metrics m) {
        if (m.getName() != null && m.getName().isBlank()) {
            throw fail("metrics.name", "name must not be blank", "Remove metrics.name to use the instance name.");
        }
        Map<String, EffectiveProfile.ParsedExpression> tags = new LinkedHashMap<>();
        m.getTags().forEach((k, v) -> tags.put(k, expression("metrics.tags." + k, v == null ? "" : v, true)));
        return new EffectiveProfile.Metrics(
                m.getEnabled(), m.getName(), Collections.unmodifiableMap(tags), m.getTrackErrorTypes());
    }

    private void checkTotalTimeout(EffectiveProfile.Retry retry, Duration timeout, Duration totalTimeout) {
        if (totalTimeout == null) {
            return;
        }
        if (timeout != null && timeout.compareTo(totalTimeout) >= 0) {
            throw fail(
                    blame("timeout", "total-timeout"),
                    "the attempt timeout (" + format(timeout) + ", from " + path("timeout")
                            + ") must be less than the total timeout (" + format(totalTimeout) + ", from "
                            + path("total-timeout") + ")",
                    "Lower timeout or raise total-timeout.");
        }
        Duration delays = totalDelay(retry);
        if (delays.compareTo(totalTimeout) >= 0) {
            throw fail(
                    blame("retry.max-attempts", "total-timeout"),
                    "the retry delays of " + retry.maxAttempts()
                            + " attempts add up to " + format(delays) + " (from " + format(retry.delay()) + ", "
                            + retry.backoff().name().toLowerCase()
                            + " backoff), which does not fit in the total timeout of " + format(totalTimeout),
                    "Lower retry.max-attempts, retry.delay or retry.max-delay, or raise total-timeout.");
        }
    }

    /** Sum of the retry delays before jitter, each capped by max-delay. */
    static Duration totalDelay(EffectiveProfile.Retry retry) {
        long cap = retry.maxDelay().toNanos();
        long base = retry.delay().toNanos();
        long sum = 0;
        long fibPrev = 0;
        long fibCur = 1;
        double exp = 1.0;
        for (int retryNo = 1; retryNo < retry.maxAttempts(); retryNo++) {
            double factor =
                    switch (retry.backoff().name()) {
                        case "fixed" -> 1.0;
                        case "linear" -> retryNo;
                        case "fibonacci" -> fibCur;
                        default -> exp; // exponential
                    };
            long d = (long) Math.min((double) cap, base * factor);
            sum = sum > Long.MAX_VALUE - d ? Long.MAX_VALUE : sum + d;
            exp *= retry.multiplier();
            long next = fibPrev + fibCur;
            fibPrev = fibCur;
            fibCur = next;
        }
        return Duration.ofNanos(sum);
    }

    private boolean active(List<String> activeIn) {
        if (activeIn.isEmpty()) {
            return true;
        }
        for (String expression : activeIn) {
            if (expression == null || expression.isBlank()) {
                throw fail("active-in", "Spring profile names must not be blank", null);
            }
        }
        try {
            return this.environment.acceptsProfiles(Profiles.of(activeIn.toArray(String[]::new)));
        } catch (IllegalArgumentException ex) {
            throw fail("active-in", "malformed profile expression in " + activeIn + ": " + ex.getMessage(), null);
        }
    }

    private String url(String key, String label, String value, boolean required) {
        if (value == null) {
            if (required) {
                throw fail(key, label + " is required", null);
            }
            return null;
        }
        try {
            URI uri = new URI(value);
            String scheme = uri.getScheme();
            if (scheme == null
                    || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
                    || uri.getHost() == null) {
                throw new IllegalArgumentException("not an absolute http(s) URL");
            }
            return value;
        } catch (Exception ex) {
            throw fail(
                    key,
                    label + " '" + value + "' is not a valid http(s) URL",
                    "Use an absolute URL such as https://hooks.example.com/x.");
        }
    }

    private EffectiveProfile.ParsedExpression expression(String key, String source, boolean template) {
        if (source == null) {
            return null;
        }
        if (!template && source.isBlank()) {
            throw fail(key, "expression must not be blank", null);
        }
        try {
            return new EffectiveProfile.ParsedExpression(
                    source,
                    template
                            ? PARSER.parseExpression(source, ParserContext.TEMPLATE_EXPRESSION)
                            : PARSER.parseExpression(source));
        } catch (RuntimeException ex) {
            throw fail(key, "'" + source + "' is not a valid SpEL expression: " + ex.getMessage(), null);
        }
    }

    private List<Class<? extends Throwable>> classes(String key, List<String> names) {
        Set<Class<? extends Throwable>> result = new LinkedHashSet<>();
        Origin origin = this.origins.get(key);
        boolean optional = origin != null && origin.builtIn();
        for (String name : names) {
            if (name == null || name.isBlank()) {
                throw fail(key, "exception class name must not be blank", null);
            }
            Class<?> type;
            try {
                type = ClassUtils.forName(name.trim(), this.classLoader);
            } catch (ClassNotFoundException | LinkageError ex) {
                if (optional) {
                    continue;
                }
                throw fail(
                        key,
                        "unknown exception class '" + name.trim() + "'",
                        "Use the fully qualified name of an exception class on the class path.");
            }
            if (!Throwable.class.isAssignableFrom(type)) {
                throw fail(key, "'" + name.trim() + "' is not a Throwable", "List exception classes only.");
            }
            result.add(type.asSubclass(Throwable.class));
        }
        return List.copyOf(result);
    }

    private Integer atLeastOne(String key, Integer value) {
        if (value != null && value < 1) {
            throw fail(key, key.substring(key.lastIndexOf('.') + 1) + " must be >= 1 but was " + value, null);
        }
        return value;
    }

    private Double percent(String key, Double value) {
        if (value != null && !(value > 0.0 && value <= 100.0)) {
            throw fail(
                    key,
                    key.substring(key.lastIndexOf('.') + 1) + " must be a percentage in (0, 100] but was " + value,
                    null);
        }
        return value;
    }

    private Duration positive(String key, Duration value) {
        if (value != null && (value.isNegative() || value.isZero())) {
            throw fail(key, key.substring(key.lastIndexOf('.') + 1) + " must be > 0 but was " + format(value), null);
        }
        return value;
    }

    private Duration notNegative(String key, Duration value) {
        if (value != null && value.isNegative()) {
            throw fail(key, key.substring(key.lastIndexOf('.') + 1) + " must be >= 0 but was " + format(value), null);
        }
        return value;
    }

    /** A duration as people write it in configuration: 1500ms, 30s, 5m. */
    static String format(Duration d) {
        if (d.isZero()) {
            return "0";
        }
        long nanos = d.toNanos();
        if (nanos % 1_000_000 != 0) {
            return nanos + "ns";
        }
        long millis = d.toMillis();
        if (millis % 1000 != 0) {
            return millis + "ms";
        }
        long seconds = d.toSeconds();
        if (seconds % 3600 == 0) {
            return (seconds / 3600) + "h";
        }
        return seconds % 60 == 0 ? (seconds / 60) + "m" : seconds + "s";
    }

    /** Of two keys in a cross-field check, the one set by the more specific layer. */
    private String blame(String first, String second) {
        Origin a = this.origins.get(first);
        Origin b = this.origins.get(second);
        int rankA = a == null ? -1 : a.rank();
        int rankB = b == null ? -1 : b.rank();
        return rankB > rankA ? second : first;
    }

    private String path(String key) {
        Origin origin = this.origins.get(key);
        return origin == null ? "built-in default" : origin.path();
    }

    private ResilientConfigurationException fail(String key, String reason, String action) {
        Origin origin = this.origins.get(key);
        String property = origin == null ? key : origin.path();
        String fix = action != null
                ? action
                : origin != null && origin.inline()
                        ? "Correct the attribute of @Resilient on " + this.methodId + "."
                        : "Correct " + property + " in your application's configuration.";
        return new ResilientConfigurationException(property, this.methodId, reason, fix);
    }
}
