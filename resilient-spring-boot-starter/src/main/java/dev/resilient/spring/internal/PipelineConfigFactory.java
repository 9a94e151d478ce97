package dev.resilient.spring.internal;

import dev.resilient.bulkhead.BulkheadConfig;
import dev.resilient.cache.FailureCacheConfig;
import dev.resilient.circuitbreaker.CircuitBreakerConfig;
import dev.resilient.condition.ConditionConfig;
import dev.resilient.fallback.FallbackConfig;
import dev.resilient.observation.MessageScrubber;
import dev.resilient.observation.ObservationConfig;
import dev.resilient.observation.Redaction;
import dev.resilient.observation.aggregation.AggregationConfig;
import dev.resilient.observation.aggregation.ErrorReport;
import dev.resilient.observation.alert.AlertConfig;
import dev.resilient.observation.alert.AlertSink;
import dev.resilient.observation.alert.EscalationLevel;
import dev.resilient.observation.alert.LogAlertSink;
import dev.resilient.observation.alert.WebhookAlertSink;
import dev.resilient.observation.logging.ArgumentSanitizer;
import dev.resilient.observation.logging.LoggingConfig;
import dev.resilient.observation.stacktrace.StackTraceConfig;
import dev.resilient.pipeline.PipelineConfig;
import dev.resilient.ratelimiter.RateLimiterConfig;
import dev.resilient.recovery.CleanupConfig;
import dev.resilient.recovery.RecoveryConfig;
import dev.resilient.retry.Jitter;
import dev.resilient.retry.RetryBudgetConfig;
import dev.resilient.retry.RetryConfig;
import dev.resilient.retry.RetryExhaustedException;
import dev.resilient.spring.ResilientCallListener;
import dev.resilient.spring.ResilientCleanup;
import dev.resilient.spring.ResilientConfigurationException;
import dev.resilient.spring.ResilientContextProvider;
import dev.resilient.spring.ResilientErrorMapper;
import dev.resilient.spring.ResilientRecovery;
import dev.resilient.spring.ResilientSharedState;
import dev.resilient.spring.http.HttpStatusException;
import dev.resilient.step.Exceptions;
import dev.resilient.time.Clock;
import java.lang.reflect.Method;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.event.Level;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.boot.logging.LogLevel;
import org.springframework.context.expression.BeanFactoryResolver;
import org.springframework.context.expression.MethodBasedEvaluationContext;
import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.ParameterNameDiscoverer;
import org.springframework.expression.spel.support.StandardEvaluationContext;

/**
 * Maps an {@link EffectiveProfile} onto a core {@link PipelineConfig}. Everything that can be
 * prepared is prepared here, once: exception classes, parsed SpEL turned into predicates and key
 * functions, parameter names for redaction, sinks and callbacks. Thread-safe.
 *
 * <p>Not mapped here because they belong to a call rather than to an instance: the fallback
 * method, the total timeout and {@code active-in} (see {@code ResilientPipelines} and the aspect).
 */
public class PipelineConfigFactory {

    private static final ParameterNameDiscoverer PARAMETER_NAMES = new DefaultParameterNameDiscoverer();

    private final BeanFactory beanFactory;
    private final Clock clock;
    private final List<AlertSink> alertSinks;
    private final Consumer<ErrorReport> errorReportCallback;
    private final ArgumentSanitizer sanitizer;
    private final ResilientContextProvider contextProvider;
    private final ResilientErrorMapper errorMapper;
    private final List<ResilientCallListener> listeners;
    private final MessageScrubber scrubber;
    private final boolean http;
    private final ResilientSharedState sharedState;

    /**
     * @param beanFactory resolves {@code @bean} references in SpEL; may be null
     * @param clock the clock Retry-After dates are read against; null: the system clock
     * @param alertSinks where alerts go; empty: a {@link LogAlertSink}
     * @param errorReportCallback receives aggregated error reports; null: they are logged
     * @param sanitizer replaces the sensitive-name rule of logged arguments, results and MDC entries; may be null
     * @param contextProvider supplies MDC entries per call; may be null
     * @param errorMapper maps failures before they are rethrown; may be null
     * @param scrubber scrubs credentials from logged, alerted and reported failure text; null: the defaults
     * @param listeners told about every call's retries, end and timing; may be empty or null
     * @param sharedState shared state (e.g. Redis); may be null when no profile needs it
     */
    public PipelineConfigFactory(
            BeanFactory beanFactory,
            Clock clock,
            List<AlertSink> alertSinks,
            Consumer<ErrorReport> errorReportCallback,
            ArgumentSanitizer sanitizer,
            ResilientContextProvider contextProvider,
            ResilientErrorMapper errorMapper,
            MessageScrubber scrubber,
            List<ResilientCallListener> listeners,
            ResilientSharedState sharedState) {
        this.scrubber = scrubber != null ? scrubber : MessageScrubber.defaults();
        this.listeners = listeners != null ? List.copyOf(listeners) : List.of();
        this.sharedState = sharedState;
        this.beanFactory = beanFactory;
        this.clock = clock != null ? clock : Clock.system();
        this.alertSinks = alertSinks != null ? List.copyOf(alertSinks) : List.of();
        this.errorReportCallback = errorReportCallback;
        this.sanitizer = sanitizer;
        this.contextProvider = contextProvider;
        this.errorMapper = errorMapper;
        this.http = HttpStatuses.available(PipelineConfigFactory.class.getClassLoader());
    }

    /** The pipeline configuration of a profile used without a method (e.g. by the HTTP clients). */
    public PipelineConfig create(EffectiveProfile profile, String instanceName) {
        return create(profile, instanceName, null);
    }

    /** The error mapper bean, or null. */
    public ResilientErrorMapper errorMapper() {
        return this.errorMapper;
    }

    /**
     * The pipeline configuration of a profile for instance {@code instanceName}. For a method the
     * error mapper is left out: it is applied around the method's fallback method instead (see
     * {@code ResilientPipelines}), so that failures the fallback method answers are not mapped.
     *
     * @param method the annotated method, whose parameter names SpEL and log redaction use; may be null
     * @throws ResilientConfigurationException when a value is rejected by the core
     */
    public PipelineConfig create(EffectiveProfile profile, String instanceName, Method method) {
        String section = "logging.redact";
        try {
            // checked first: logging, alerts and the MDC all use these names
            sensitiveNames(profile.logging());
            section = "retry";
            PipelineConfig.Builder b = PipelineConfig.builder();
            b.retry(retry(profile.retry(), instanceName, profile.totalTimeout()));
            section = "circuit-breaker";
            b.circuitBreaker(circuitBreaker(profile.circuitBreaker()));
            section = "rate-limit";
            b.rateLimiter(rateLimit(profile.rateLimit(), instanceName, method));
            section = "bulkhead";
            b.bulkhead(bulkhead(profile.bulkhead()));
            section = "timeout";
            b.timeout(profile.timeout());
            section = "slow-threshold";
            b.observation(observation(profile));
            section = "fallback";
            b.fallback(fallback(profile.fallback(), instanceName, method == null));
            section = "failure-cache";
            b.failureCache(failureCache(profile.failureCache(), method));
            section = "stack-trace";
            StackTraceConfig stackTrace = stackTrace(profile.stackTrace());
            section = "alert";
            b.alert(alert(profile.alert(), sensitiveNames(profile.logging())));
            section = "aggregate";
            b.aggregation(aggregation(profile.aggregate()));
            section = "logging";
            b.logging(logging(profile.logging(), stackTrace, method));
            section = "when";
            b.condition(condition(profile, method));
            section = "recovery";
            b.recovery(recovery(profile, instanceName));
            section = "cleanup";
            b.cleanup(cleanup(profile, instanceName));
            section = "backend";
            return SharedStateBinding.apply(b.build(), profile, instanceName, this.sharedState);
        } catch (IllegalArgumentException ex) {
            throw new ResilientConfigurationException(
                    section,
                    instanceName,
                    "the value is not accepted: " + ex.getMessage(),
                    "Fix " + section + " in the profiles " + profile.profiles() + " or in the annotation.",
                    ex);
        }
    }

    /**
     * The recovery bean as a core recovery: registered for every exception, it classifies by the call's
     * last failure (also with {@code retry.on-exhausted: wrap}) and lets other failures through unchanged.
     */
    private RecoveryConfig recovery(EffectiveProfile profile, String instanceName) {
        EffectiveProfile.Recovery r = profile.recovery();
        if (!r.enabled()) {
            return null;
        }
        ResilientRecovery recovery = bean(profile, "recovery.bean", r.bean(), ResilientRecovery.class, instanceName);
        List<Class<? extends Throwable>> types = r.recoverOn();
        return RecoveryConfig.builder()
                .recover(Exception.class, failure -> {
                    Throwable last = RetryExhaustedException.lastFailureOf(failure);
                    if (!types.isEmpty() && types.stream().noneMatch(type -> type.isInstance(last))) {
                        throw Exceptions.sneakyThrow(failure);
                    }
                    try {
                        return recovery.recover(instanceName, last);
                    } catch (Exception ex) {
                        throw Exceptions.sneakyThrow(ex);
                    }
                })
                .build();
    }

    private CleanupConfig cleanup(EffectiveProfile profile, String instanceName) {
        EffectiveProfile.Cleanup c = profile.cleanup();
        if (!c.enabled()) {
            return null;
        }
        ResilientCleanup cleanup = bean(profile, "cleanup.bean", c.bean(), ResilientCleanup.class, instanceName);
        return CleanupConfig.builder()
                .action((Throwable failure) -> {
                    try {
                        cleanup.cleanUp(instanceName, failure);
                    } catch (Exception ex) {
                        throw Exceptions.sneakyThrow(ex);
                    }
                })
                .mode(c.mode())
                .build();
    }

    /** The bean named by {@code key}; a missing bean or one of another type fails naming the property. */
    private <T> T bean(EffectiveProfile profile, String key, String name, Class<T> type, String instanceName) {
        String property = profile.sources().getOrDefault(key, key);
        if (this.beanFactory == null || !this.beanFactory.containsBean(name)) {
            throw new ResilientConfigurationException(
                    property,
                    instanceName,
                    "no bean named '" + name + "'",
                    "Define a " + type.getSimpleName() + " bean named '" + name + "' or correct " + property + ".");
        }
        if (!this.beanFactory.isTypeMatch(name, type)) {
            throw new ResilientConfigurationException(
                    property,
                    instanceName,
                    "bean '" + name + "' is a " + this.beanFactory.getType(name) + ", not a " + type.getName(),
                    "Name a " + type.getSimpleName() + " bean in " + property + ".");
        }
        return this.beanFactory.getBean(name, type);
    }

    private RetryConfig retry(EffectiveProfile.Retry r, String instanceName, Duration totalTimeout) {
        if (!r.enabled()) {
            return null;
        }
        RetryConfig.Builder b = RetryConfig.builder()
                .maxAttempts(r.maxAttempts())
                .backoff(r.backoff())
                .baseDelay(r.delay())
                .maxDelay(r.maxDelay())
                .multiplier(r.multiplier())
                .jitter(jitter(r));
        if (!r.retryOn().isEmpty()) {
            b.retryOn(r.retryOn());
        }
        b.abortOn(r.abortOn());
        b.onExhausted(r.onExhausted());
        // a wait (a server's Retry-After included) that would outlast the total timeout gives up at once
        b.maxDuration(totalTimeout);
        if (r.maxRetryAfter() != null) {
            b.maxRetryAfter(r.maxRetryAfter());
        }
        Set<Integer> statuses = r.retryOnStatus();
        if (!statuses.isEmpty()) {
            boolean web = this.http;
            if (web) {
                b.retryOnResult(result -> statuses.contains(HttpStatuses.ofResult(result)));
            }
            b.retryIf(failure -> {
                int status = statusOf(failure, web);
                return status < 0 || statuses.contains(status);
            });
        }
        b.honourRetryAfter(r.honourRetryAfter());
        if (this.http) {
            if (r.honourRetryAfter()) {
                Duration max = r.maxRetryAfter() != null ? r.maxRetryAfter() : r.maxDelay();
                Clock c = this.clock;
                b.retryAfterFromFailure(failure -> HttpStatuses.retryAfterOfFailure(failure, c, max));
                b.retryAfterFromResult(result -> HttpStatuses.retryAfterOfResult(result, c, max));
            }
        }
        if (!this.listeners.isEmpty()) {
            List<ResilientCallListener> all = this.listeners;
            b.onRetry(a -> all.forEach(l -> l.onRetry(instanceName, a)));
            b.onSuccess(a -> all.forEach(l -> l.onSuccess(instanceName, a.result(), a.attempt(), a.elapsed())));
            b.onFailure(a -> all.forEach(l -> {
                if (a.failure() != null) {
                    l.onFailure(
                            instanceName, RetryExhaustedException.lastFailureOf(a.failure()), a.attempt(), a.elapsed());
                } else {
                    l.onSuccess(instanceName, a.result(), a.attempt(), a.elapsed());
                }
            }));
        }
        if (r.budget() != null) {
            b.budget(RetryBudgetConfig.builder()
                    .maxTokens(r.budget().maxTokens())
                    .tokenRatio(r.budget().tokenRatio())
                    .build());
        }
        return b.build();
    }

    /** The HTTP status a failure carries, or -1. */
    private static int statusOf(Throwable failure, boolean web) {
        if (failure instanceof HttpStatusException ex) {
            return ex.statusCode();
        }
        return web ? HttpStatuses.ofFailure(failure) : -1;
    }

    private static Jitter jitter(EffectiveProfile.Retry r) {
        if (r.jitterRatio() != null) {
            return r.jitterRatio() > 0 ? Jitter.ratio(r.jitterRatio()) : Jitter.none();
        }
        return r.jitter();
    }

    private static CircuitBreakerConfig circuitBreaker(EffectiveProfile.CircuitBreaker cb) {
        if (!cb.enabled()) {
            return null;
        }
        CircuitBreakerConfig.Builder b = CircuitBreakerConfig.builder()
                .failureThreshold(cb.failureThreshold() != null ? cb.failureThreshold() : 0)
                .slidingWindow(cb.slidingWindowType(), cb.slidingWindowSize())
                .minimumNumberOfCalls(cb.minimumNumberOfCalls())
                .recoveryTimeout(cb.recoveryTimeout())
                .halfOpenRequests(cb.halfOpenRequests())
                .successThreshold(cb.successThreshold());
        if (cb.failureRateThreshold() != null) {
            b.failureRateThreshold(cb.failureRateThreshold());
        }
        if (cb.slowCallRateThreshold() != null) {
            b.slowCallRateThreshold(cb.slowCallRateThreshold());
        }
        if (cb.slowCallDurationThreshold() != null) {
            b.slowCallDurationThreshold(cb.slowCallDurationThreshold());
        }
        if (!cb.recordOn().isEmpty()) {
            b.recordOn(cb.recordOn());
        }
        b.ignoreOn(cb.ignoreOn());
        return b.build();
    }

    private RateLimiterConfig rateLimit(EffectiveProfile.RateLimit rl, String instanceName, Method method) {
        if (!rl.enabled()) {
            return null;
        }
        RateLimiterConfig.Builder b = RateLimiterConfig.builder()
                .limit(rl.limit())
                .period(rl.period())
                .strategy(rl.strategy())
                .maxWait(rl.maxWait() != null ? rl.maxWait() : Duration.ZERO);
        if (rl.key() != null) {
            b.keyFunction(new RateLimitKey(rl.key(), instanceName, args -> evaluationContext(method, args)))
                    .maxKeys(rl.maxKeys());
        }
        return b.build();
    }

    private static BulkheadConfig bulkhead(EffectiveProfile.Bulkhead bh) {
        if (!bh.enabled()) {
            return null;
        }
        return BulkheadConfig.builder()
                .maxConcurrent(bh.maxConcurrent())
                .maxWait(bh.maxWait() != null ? bh.maxWait() : Duration.ZERO)
                .build();
    }

    private ObservationConfig observation(EffectiveProfile p) {
        Map<String, String> context = p.logging().context();
        if (p.slowThreshold() == null
                && this.contextProvider == null
                && context.isEmpty()
                && this.listeners.isEmpty()) {
            return null;
        }
        ObservationConfig.Builder b = ObservationConfig.builder();
        if (!context.isEmpty()) {
            b.staticContext(context);
        }
        if (!this.listeners.isEmpty()) {
            List<ResilientCallListener> all = this.listeners;
            b.performanceCallback(timing -> all.forEach(l -> l.onCall(timing)));
        }
        if (p.slowThreshold() != null) {
            b.slowThreshold(p.slowThreshold());
        }
        if (this.contextProvider != null) {
            ResilientContextProvider provider = this.contextProvider;
            b.contextProvider(provider::context);
        }
        // MDC entries pass the same rule as logged arguments
        b.redaction(redaction(p.logging())).sanitizer(this.sanitizer);
        return b.build();
    }

    @SuppressWarnings("unchecked")
    private FallbackConfig fallback(EffectiveProfile.Fallback f, String instanceName, boolean mapErrors) {
        if (!mapErrors) {
            return null; // a method's suppress and error mapping are its own steps (see ResilientPipelines)
        }
        if (f.suppress().isEmpty() && this.errorMapper == null) {
            return null;
        }
        // fallback.reraise is about the fallback method (rethrow after it ran), handled around the
        // pipeline; here failures that are neither suppressed nor answered are always rethrown
        FallbackConfig.Builder b =
                FallbackConfig.builder().suppress(f.suppress().toArray(new Class[0]));
        if (this.errorMapper != null && mapErrors) {
            ResilientErrorMapper mapper = this.errorMapper;
            b.errorMapper(failure -> mapper.map(instanceName, failure));
        }
        return b.build();
    }

    private FailureCacheConfig failureCache(EffectiveProfile.FailureCache fc, Method method) {
        if (!fc.enabled()) {
            return null;
        }
        FailureCacheConfig.Builder b =
                FailureCacheConfig.builder().ttl(fc.ttl()).maxKeys(fc.maxKeys());
        if (fc.key() != null) {
            EffectiveProfile.ParsedExpression key = fc.key();
            b.keyFunction(args -> key.expression().getValue(evaluationContext(method, args)));
        }
        return b.build();
    }

    private static StackTraceConfig stackTrace(EffectiveProfile.StackTrace st) {
        StackTraceConfig.Builder b =
                StackTraceConfig.builder().showSource(st.showSource()).showArguments(st.showArguments());
        if (st.maxDepth() != null) {
            b.maxDepth(st.maxDepth());
        }
        if (!st.hideFrames()) {
            b.hideFrames(List.of());
        }
        return b.build();
    }

    private AlertConfig alert(EffectiveProfile.Alert a, List<String> sensitiveNames) {
        if (!a.enabled()) {
            return null;
        }
        List<AlertSink> sinks =
                new ArrayList<>(this.alertSinks.isEmpty() ? List.of(new LogAlertSink()) : this.alertSinks);
        Duration webhookTimeout = a.webhookTimeout() != null ? a.webhookTimeout() : WebhookAlertSink.DEFAULT_TIMEOUT;
        if (a.webhookUrl() != null) {
            sinks.add(new WebhookAlertSink(URI.create(a.webhookUrl()), webhookTimeout));
        }
        AlertConfig.Builder b = AlertConfig.builder()
                .threshold(a.threshold())
                .sinks(sinks)
                .countRejections(a.countRejections())
                .sensitiveNames(sensitiveNames)
                .scrubber(this.scrubber);
        if (a.window() != null) {
            b.window(a.window());
        }
        if (a.cooldown() != null) {
            b.cooldown(a.cooldown());
        }
        List<EscalationLevel> levels = new ArrayList<>();
        for (EffectiveProfile.Escalation e : a.escalation()) {
            List<AlertSink> levelSinks = e.webhookUrl() != null
                    ? List.of(new WebhookAlertSink(URI.create(e.webhookUrl()), webhookTimeout))
                    : sinks;
            levels.add(new EscalationLevel(e.afterErrors(), levelSinks));
        }
        if (!levels.isEmpty()) {
            b.escalation(levels);
        }
        return b.build();
    }

    private AggregationConfig aggregation(EffectiveProfile.Aggregate ag) {
        if (!ag.enabled()) {
            return null;
        }
        AggregationConfig.Builder b = AggregationConfig.builder()
                .window(ag.window())
                .maxGroups(ag.maxGroups())
                .errorLimit(ag.limit() != null ? ag.limit() : 0)
                .scrubber(this.scrubber);
        if (this.errorReportCallback != null) {
            b.callback(this.errorReportCallback);
        }
        return b.build();
    }

    private LoggingConfig logging(EffectiveProfile.Logging lg, StackTraceConfig stackTrace, Method method) {
        if (!lg.enabled() || lg.level() == LogLevel.OFF) {
            return null;
        }
        LoggingConfig.Builder b = LoggingConfig.builder()
                .failureLevel(level(lg.level()))
                .logSuccess(lg.logSuccess())
                .logArgs(lg.logArgs())
                .logResult(lg.logResult())
                .stackTrace(stackTrace)
                .includeStackTrace(lg.includeStackTrace())
                .mdcAttempt(lg.mdcAttempt());
        b.sensitiveNames(sensitiveNames(lg)).scrubber(this.scrubber);
        if (method != null) {
            String[] names = PARAMETER_NAMES.getParameterNames(method);
            if (names != null) {
                b.parameterNames(names);
            }
        }
        if (this.sanitizer != null) {
            b.sanitizer(this.sanitizer);
        }
        return b.build();
    }

    /** The built-in sensitive names plus the profile's {@code logging.redact}. */
    private static List<String> sensitiveNames(EffectiveProfile.Logging lg) {
        return Redaction.defaultNamesPlus(lg.redact());
    }

    private Redaction redaction(EffectiveProfile.Logging lg) {
        return new Redaction(sensitiveNames(lg), Redaction.DEFAULT_REDACTION, this.scrubber);
    }

    private static Level level(LogLevel level) {
        if (level == null) {
            return Level.WARN;
        }
        return switch (level) {
            case TRACE -> Level.TRACE;
            case DEBUG -> Level.DEBUG;
            case INFO -> Level.INFO;
            case WARN -> Level.WARN;
            default -> Level.ERROR;
        };
    }

    private ConditionConfig condition(EffectiveProfile p, Method method) {
        if (p.when() == null && p.ignoreWhen().isEmpty()) {
            return null;
        }
        ConditionConfig.Builder b = ConditionConfig.builder();
        if (p.when() != null) {
            EffectiveProfile.ParsedExpression when = p.when();
            b.whenArgs(named(
                    when.source(),
                    args -> Boolean.TRUE.equals(
                            when.expression().getValue(evaluationContext(method, args), Boolean.class))));
        }
        if (!p.ignoreWhen().isEmpty()) {
            List<Class<? extends Throwable>> types = p.ignoreWhen();
            b.ignoreWhen(failure -> Exceptions.isInstanceOfAny(failure, types));
        }
        return b.build();
    }

    /** An evaluation context over {@code args}: #p0 / #a0 / #name / #args variables and @bean references. */
    StandardEvaluationContext evaluationContext(Method method, Object[] args) {
        Object[] arguments = args != null ? args : new Object[0];
        SpelRoot root = new SpelRoot(method, arguments);
        StandardEvaluationContext context = method != null
                ? new MethodBasedEvaluationContext(root, method, arguments, PARAMETER_NAMES)
                : new StandardEvaluationContext(root);
        context.setVariable("args", arguments);
        if (method == null) {
            for (int i = 0; i < arguments.length; i++) {
                context.setVariable("p" + i, arguments[i]);
                context.setVariable("a" + i, arguments[i]);
            }
        }
        if (this.beanFactory != null) {
            context.setBeanResolver(new BeanFactoryResolver(this.beanFactory));
        }
        return context;
    }

    private static <T> Predicate<T> named(String description, Predicate<T> predicate) {
        return new Predicate<>() {
            @Override
            public boolean test(T t) {
                return predicate.test(t);
            }

            @Override
            public String toString() {
                return description;
            }
        };
    }
}
