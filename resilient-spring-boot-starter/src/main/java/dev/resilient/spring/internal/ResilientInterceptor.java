package dev.resilient.spring.internal;

import java.lang.reflect.Method;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.springframework.beans.factory.ObjectProvider;

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
 * When {@code active-in} does not match the active Spring profiles, or the {@code when} condition is
 * false for the call, the method runs as is: as if it were not annotated (no fallback, no timeout,
 * no cleanup, nothing counted or observed). Each
 * attempt re-invokes the target through a clone of the method invocation, so advice further in
 * (such as {@code @Transactional}) runs once per attempt. Applied by {@link ResilientAdvisor}.
 */
public class ResilientInterceptor implements MethodInterceptor {

    private final ObjectProvider<ResilientPipelines> pipelinesProvider;
    private volatile ResilientPipelines pipelines;
    private final ConcurrentMap<Method, Cached> cache = new ConcurrentHashMap<>();
    private final ConcurrentMap<Method, ConcurrentMap<Class<?>, Cached>> overridden = new ConcurrentHashMap<>();

    /**
     * @param pipelines the method pipelines, resolved on first call (the interceptor itself is
     *     created early, while proxies are being made)
     */
    public ResilientInterceptor(ObjectProvider<ResilientPipelines> pipelines) {
        this.pipelinesProvider = pipelines;
    }

    @Override
    public Object invoke(MethodInvocation invocation) throws Throwable {
        MethodPipeline pipeline = lookup(invocation);
        if (pipeline == null || !pipeline.active() || !pipeline.applies(invocation.getArguments())) {
            return invocation.proceed();
        }
        return switch (pipeline.kind()) {
            case SYNC -> runSync(pipeline, invocation);
            case STAGE -> runAsync(pipeline, invocation);
            case MONO -> ReactorSupport.mono(() -> runAsync(pipeline, invocation));
            case FLUX -> ReactorSupport.flux(() -> runAsync(pipeline, invocation));
        };
    }

    private static Object runSync(MethodPipeline pipeline, MethodInvocation invocation) throws Exception {
        Object result = pipeline.pipeline()
                .execute(new Invocation(invocation, ReturnKind.SYNC, pipeline.retries()), invocation.getArguments());
        if (result == null && pipeline.plan().method().getReturnType() == Optional.class) {
            return Optional.empty();
        }
        return result;
    }

    private static CompletableFuture<Object> runAsync(MethodPipeline pipeline, MethodInvocation invocation) {
        return pipeline.pipeline()
                .executeAsync(
                        new Invocation(invocation, pipeline.kind(), pipeline.retries()), invocation.getArguments())
                .toCompletableFuture();
    }

    private MethodPipeline lookup(MethodInvocation invocation) {
        Method method = invocation.getMethod();
        Object target = invocation.getThis();
        // the class of the object called: a JDK proxy class names its user-facing interface
        Class<?> targetClass = target != null ? target.getClass() : method.getDeclaringClass();
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
        return this.overridden
                .computeIfAbsent(method, m -> new ConcurrentHashMap<>())
                .computeIfAbsent(targetClass, type -> resolve(method, type))
                .pipeline;
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

    private record Cached(Class<?> targetClass, MethodPipeline pipeline) {}
}
