package dev.resilient.spring.internal;

import dev.resilient.condition.ConditionStep;
import dev.resilient.observation.ObservationStep;
import dev.resilient.pipeline.ResiliencePipeline;
import dev.resilient.pipeline.ResilienceRegistry;
import dev.resilient.recovery.CleanupStep;
import dev.resilient.spring.ResilientConfigurationException;
import dev.resilient.spring.ResilientErrorMapper;
import dev.resilient.spring.http.HttpResiliencePipelines;
import dev.resilient.step.Step;
import dev.resilient.step.StepContext;
import dev.resilient.timeout.TimeoutConfig;
import dev.resilient.timeout.TimeoutStep;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Builds and holds the pipelines of {@code @Resilient} methods. Each instance name maps to one
 * pipeline in the {@link ResilienceRegistry}, built from the first method's settings (methods
 * sharing a name must be configured alike, which the start-up validation checks). Each method gets
 * the instance's pipeline with the method's own steps put in (same configuration, state and
 * counters, see {@link ResiliencePipeline#withHead}): cleanup → error mapping → the call's
 * observation (timer and trace) → observation (events, logs, MDC) → fallback method and
 * {@code suppress} → total timeout → the instance's policies. The {@code when} condition is not a
 * step: the interceptor checks it first and runs the method as is when it is false. Pipelines of scanned methods are built at start-up; methods met later on first
 * use. Thread-safe.
 */
public class ResilientPipelines implements HttpResiliencePipelines {

    private static final Log logger = LogFactory.getLog(ResilientPipelines.class);

    private final ResilienceRegistry registry;
    private final PipelineConfigFactory factory;
    private final ResilientMethodRegistry methods;
    private final ProfileMerger merger;
    private final Map<MethodPlan, MethodPipeline> byPlan = new ConcurrentHashMap<>();
    private final Map<String, ResiliencePipeline> byInstance = new ConcurrentHashMap<>();
    private final Map<String, EffectiveProfile> profiles = new ConcurrentHashMap<>();
    private final @Nullable CallObservations observations;
    private final java.util.Set<String> observed = ConcurrentHashMap.newKeySet();
    private final Map<String, Claim> claims = new ConcurrentHashMap<>();

    public ResilientPipelines(
            ResilienceRegistry registry,
            PipelineConfigFactory factory,
            ResilientMethodRegistry methods,
            ProfileMerger merger) {
        this(registry, factory, methods, merger, null);
    }

    /**
     * @param observations the source of the calls' observations (and timer); null for none
     */
    public ResilientPipelines(
            ResilienceRegistry registry,
            PipelineConfigFactory factory,
            ResilientMethodRegistry methods,
            ProfileMerger merger,
            @Nullable CallObservations observations) {
        this.observations = observations;
        this.registry = registry;
        this.factory = factory;
        this.methods = methods;
        this.merger = merger;
    }

    /** Builds the pipelines of every method scanned so far. */
    public void initialize() {
        for (MethodPlan plan : this.methods.plans()) {
            forPlan(plan);
        }
        if (logger.isDebugEnabled()) {
            logger.debug("Built " + this.byPlan.size() + " @Resilient method pipeline(s) on "
                    + this.registry.pipelines().size() + " instance(s)");
        }
    }

    /** The pipeline of an annotated method, built on first request. */
    public MethodPipeline forPlan(MethodPlan plan) {
        MethodPipeline existing = this.byPlan.get(plan);
        return existing != null ? existing : this.byPlan.computeIfAbsent(plan, this::build);
    }

    /** The method plans. */
    public ResilientMethodRegistry methods() {
        return this.methods;
    }

    /** The registry holding the shared pipelines. */
    public ResilienceRegistry registry() {
        return this.registry;
    }

    /** The settings instance {@code instanceName} was built from, or null when it was not built here. */
    public @Nullable EffectiveProfile profileOf(String instanceName) {
        return this.profiles.get(instanceName);
    }

    /** Whether the calls of instance {@code instanceName} are observed (and timed) by a call observation step. */
    public boolean observesCalls(String instanceName) {
        return this.observed.contains(instanceName);
    }

    /** Every method pipeline built so far. */
    public List<MethodPipeline> methodPipelines() {
        return List.copyOf(this.byPlan.values());
    }

    /**
     * The pipeline of instance {@code instanceName} configured by profile {@code profile} (no
     * method, no inline settings), shared through the registry. A {@code total-timeout} of the
     * profile is applied around it.
     *
     * @throws IllegalArgumentException when the profile is unknown
     */
    @Override
    public ResiliencePipeline pipeline(String profile, String instanceName) {
        checkProfile(profile);
        if (instanceName == null || instanceName.isBlank()) {
            throw new IllegalArgumentException("instanceName must not be blank but was '" + instanceName + "'");
        }
        ResiliencePipeline existing = this.byInstance.get(instanceName);
        return existing != null
                ? existing
                : this.byInstance.computeIfAbsent(instanceName, name -> {
                    EffectiveProfile effective = this.merger.merge(List.of(profile));
                    claim(name, "the pipeline of profile '" + profile + "' requested by an HTTP client", effective);
                    this.profiles.putIfAbsent(name, effective);
                    if (this.observations != null) {
                        this.observed.add(name);
                    }
                    ResiliencePipeline shared = this.registry.pipeline(name, this.factory.create(effective, name));
                    return withOuterSteps(shared, effective.totalTimeout());
                });
    }

    @Override
    public void checkProfile(String profile) {
        if (profile == null || !this.merger.profileNames().contains(profile)) {
            throw new IllegalArgumentException(
                    "profile must be one of " + this.merger.profileNames() + " but was '" + profile + "'");
        }
    }

    /**
     * Forgets instance {@code instanceName} built by {@link #pipeline(String, String)}: removes it from
     * the registry (its removal listeners drop its meters) and from the endpoint's view. Instances of
     * annotated methods are kept.
     */
    @Override
    public void release(String instanceName) {
        if (instanceName == null || this.byInstance.remove(instanceName) == null) {
            return;
        }
        this.registry.remove(instanceName);
        this.profiles.remove(instanceName);
        this.observed.remove(instanceName);
    }

    private MethodPipeline build(MethodPlan plan) {
        EffectiveProfile profile = plan.profile();
        ReturnKind kind = ReturnKind.of(plan.method().getReturnType());
        claim(plan.instanceName(), "@Resilient method " + plan.methodId(), profile);
        this.profiles.putIfAbsent(plan.instanceName(), profile);
        if (this.observations != null) {
            this.observed.add(plan.instanceName());
        }
        ResiliencePipeline instance = this.registry.pipeline(
                plan.instanceName(), this.factory.create(profile, plan.instanceName(), plan.method()));
        // the instance's outer steps (cleanup, condition, observation) go around the method's own steps
        Step inner = instance.head();
        @Nullable CleanupStep cleanup = null;
        @Nullable ConditionStep condition = null;
        @Nullable ObservationStep observation = null;
        if (inner instanceof CleanupStep step) {
            cleanup = step;
            inner = step.next();
        }
        if (inner instanceof ConditionStep step) {
            condition = step;
            inner = step.next();
        }
        if (inner instanceof ObservationStep step) {
            observation = step;
            inner = step.next();
        }
        StepContext ctx = instance.context();
        Step head = inner;
        if (profile.totalTimeout() != null) {
            head = new TimeoutStep(TimeoutConfig.of(profile.totalTimeout()), ctx, head);
        }
        if (plan.fallback() != null || !profile.fallback().suppress().isEmpty()) {
            head = new FallbackMethodStep(
                    plan.fallback(),
                    profile.fallback().suppress(),
                    profile.fallback().handles(),
                    profile.fallback().reraise(),
                    kind,
                    ctx,
                    head);
        }
        if (observation != null) {
            head = new ObservationStep(observation.config(), ctx, head);
        }
        if (this.observations != null) {
            head = new CallObservationStep(this.observations, plan.instanceName(), plan.methodId(), head);
        }
        ResilientErrorMapper errorMapper = this.factory.errorMapper();
        if (errorMapper != null) {
            head = new ErrorMappingStep(errorMapper, ctx, head);
        }
        if (cleanup != null) {
            head = new CleanupStep(cleanup.config(), ctx, head);
        }
        return new MethodPipeline(
                plan,
                kind,
                instance.withHead(head),
                instance,
                String.join(",", profile.profiles()),
                instance.retry().map(r -> r.config().maxAttempts() > 1).orElse(false),
                condition);
    }

    /**
     * Records that {@code where} configures instance {@code name} with {@code profile}; fails when
     * another place configured it differently (they would share one circuit, limiter and counters,
     * built from whichever came first). Methods sharing a name are checked by the method registry.
     */
    private void claim(String name, String where, EffectiveProfile profile) {
        Claim first = this.claims.putIfAbsent(name, new Claim(where, profile));
        if (first == null
                || first.where().equals(where)
                || first.where().startsWith("@Resilient") && where.startsWith("@Resilient")) {
            return;
        }
        List<String> differences = ResilientMethodRegistry.differences(first.profile(), profile);
        if (!differences.isEmpty()) {
            throw new ResilientConfigurationException(
                    "instance name '" + name + "'",
                    null,
                    "claimed by " + first.where() + " and by " + where + " with different settings ("
                            + String.join(", ", differences) + "); they would share one circuit, limiter and "
                            + "counters, configured by whichever came first",
                    "Give one of them another name (@Resilient(name = ...) or resilient.http.client.name), or the same "
                            + "profile and settings.");
        }
    }

    private record Claim(String where, EffectiveProfile profile) {}

    private ResiliencePipeline withOuterSteps(ResiliencePipeline pipeline, @Nullable Duration totalTimeout) {
        Step head = pipeline.head();
        if (totalTimeout != null) {
            head = new TimeoutStep(TimeoutConfig.of(totalTimeout), pipeline.context(), head);
        }
        if (this.observations != null) {
            head = new CallObservationStep(this.observations, pipeline.name(), pipeline.name(), head);
        }
        return head == pipeline.head() ? pipeline : pipeline.withHead(head);
    }
}
