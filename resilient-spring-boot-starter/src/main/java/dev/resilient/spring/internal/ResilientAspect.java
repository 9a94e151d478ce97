package dev.resilient.spring.internal;

import java.lang.reflect.Method;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import org.aspectj.lang.ProceedingJoinPoint;
import org.aspectj.lang.annotation.Around;
import org.aspectj.lang.annotation.Aspect;
import org.aspectj.lang.reflect.MethodSignature;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.Ordered;

/**
 * Runs every public method annotated with {@code @Resilient} (or declared in a class annotated with
 * it) through its pipeline. The method's pipeline is looked up once per method and cached; nothing
 * is parsed or reflected per call. By return type:
 * <ul>
 *   <li>a plain value or {@code void}: synchronously, on the calling thread;</li>
 *   <li>{@code CompletionStage} / {@code CompletableFuture}: asynchronously, returning a
 *       {@code CompletableFuture}; waits are scheduled, no thread is blocked;</li>
 *   <li>Reactor {@code Mono}: per subscription; each attempt invokes the method again and subscribes
 *       to its {@code Mono};</li>
 *   <li>Reactor {@code Flux}: likewise, with each attempt's elements buffered in a list and emitted
 *       once the attempt succeeded (a retry never replays half a stream).</li>
 * </ul>
 * When {@code active-in} does not match the active Spring profiles the method runs as is.
 */
@Aspect
public class ResilientAspect implements Ordered {

    private final ObjectProvider<ResilientPipelines> pipelinesProvider;
    private volatile ResilientPipelines pipelines;
    private final MicrometerObservations observations;
    private final ConcurrentMap<Method, Cached> cache = new ConcurrentHashMap<>();
    private final ConcurrentMap<Method, ConcurrentMap<Class<?>, Cached>> overridden = new ConcurrentHashMap<>();
    private final int order;

    /**
     * @param pipelines the method pipelines, resolved on first call (the aspect itself is created
     *     early, while proxies are being made)
     * @param observationRegistry provides a Micrometer {@code ObservationRegistry}, or null when
     *     Micrometer is absent; resolved on first call
     * @param order the aspect's order among other advice
     */
    public ResilientAspect(ObjectProvider<ResilientPipelines> pipelines, ObjectProvider<?> observationRegistry,
            int order) {
        this.pipelinesProvider = pipelines;
        this.observations = observationRegistry != null ? new MicrometerObservations(observationRegistry) : null;
        this.order = order;
    }

    @Override
    public int getOrder() {
        return this.order;
    }

    /** The advice. */
    @Around("execution(public * *(..)) && (@annotation(dev.resilient.spring.Resilient) "
            + "|| @within(dev.resilient.spring.Resilient))")
    public Object around(ProceedingJoinPoint joinPoint) throws Throwable {
        MethodPipeline pipeline = lookup(joinPoint);
        if (pipeline == null || !pipeline.active()) {
            return joinPoint.proceed();
        }
        return switch (pipeline.kind()) {
            case SYNC -> this.observations != null
                    ? this.observations.observe(pipeline, () -> runSync(pipeline, joinPoint))
                    : runSync(pipeline, joinPoint);
            case STAGE -> runAsync(pipeline, joinPoint);
            case MONO -> ReactorSupport.mono(() -> runAsync(pipeline, joinPoint));
            case FLUX -> ReactorSupport.flux(() -> runAsync(pipeline, joinPoint));
        };
    }

    private static Object runSync(MethodPipeline pipeline, ProceedingJoinPoint joinPoint) throws Exception {
        Object result = pipeline.pipeline().execute(new Invocation(joinPoint, ReturnKind.SYNC), joinPoint.getArgs());
        if (result == null && pipeline.plan().method().getReturnType() == Optional.class) {
            return Optional.empty();
        }
        return result;
    }

    private CompletableFuture<Object> runAsync(MethodPipeline pipeline, ProceedingJoinPoint joinPoint) {
        if (this.observations != null) {
            return this.observations.observeAsync(pipeline, () -> start(pipeline, joinPoint));
        }
        return start(pipeline, joinPoint);
    }

    private static CompletableFuture<Object> start(MethodPipeline pipeline, ProceedingJoinPoint joinPoint) {
        return pipeline.pipeline().executeAsync(new Invocation(joinPoint, pipeline.kind()), joinPoint.getArgs())
                .toCompletableFuture();
    }

    private MethodPipeline lookup(ProceedingJoinPoint joinPoint) {
        Method method = ((MethodSignature) joinPoint.getSignature()).getMethod();
        Object target = joinPoint.getTarget();
        Class<?> targetClass = target != null ? AopUtils.getTargetClass(target) : method.getDeclaringClass();
        Cached cached = this.cache.get(method);
        if (cached == null) {
            cached = resolve(method, targetClass);
            Cached previous = this.cache.putIfAbsent(method, cached);
            cached = previous != null ? previous : cached;
        }
        if (cached.targetClass == targetClass) {
            return cached.pipeline;
        }
        // the same method called on beans of several classes (an annotated base class)
        return this.overridden.computeIfAbsent(method, m -> new ConcurrentHashMap<>())
                .computeIfAbsent(targetClass, type -> resolve(method, type)).pipeline;
    }

    private Cached resolve(Method method, Class<?> targetClass) {
        ResilientPipelines resolved = this.pipelines;
        if (resolved == null) {
            resolved = this.pipelinesProvider.getObject();
            this.pipelines = resolved;
        }
        MethodPlan plan = resolved.methods().find(method, targetClass);
        return new Cached(targetClass, plan != null ? resolved.forPlan(plan) : null);
    }

    private record Cached(Class<?> targetClass, MethodPipeline pipeline) {
    }
}
