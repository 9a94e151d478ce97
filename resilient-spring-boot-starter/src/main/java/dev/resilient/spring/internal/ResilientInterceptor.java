package dev.resilient.spring.internal;

import dev.resilient.spring.properties.FluxMode;
import dev.resilient.spring.transaction.CallerTransactionCheck;
import java.lang.reflect.Method;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.util.ClassUtils;

/**
 * Runs every public method annotated with {@code @Resilient} (or declared in a class annotated with
 * it) through its pipeline. The method's pipeline is looked up once per method and cached; nothing
 * is parsed or reflected per call. By return type:
 * <ul>
 *   <li>a plain value or {@code void}: synchronously, on the calling thread;</li>
 *   <li>{@code CompletionStage} / {@code CompletableFuture}: asynchronously, returning a
 *       {@code CompletableFuture}; waits are scheduled, no thread is blocked;</li>
 *   <li>Reactor {@code Mono}: decorated with Reactor operators ({@link ReactivePipeline}), per
 *       subscription; each attempt invokes the method again and subscribes to its {@code Mono};</li>
 *   <li>Reactor {@code Flux}: likewise, with each attempt's elements buffered in a list and emitted
 *       once the attempt succeeded (a retry never replays half a stream); with {@code flux-mode:
 *       stream}, emitted as they come, only a failure before the first element being retried.</li>
 * </ul>
 * When {@code active-in} does not match the active Spring profiles the method runs as is. Each
 * attempt re-invokes the target through a clone of the method invocation, so advice further in
 * (such as {@code @Transactional}) runs once per attempt: each attempt runs in a transaction of its
 * own. A synchronous method with a timeout whose transaction would join the caller's active one
 * fails instead (see {@link CallerTransactionCheck}). Mono and Flux methods see their subscriber's
 * Reactor {@code Context}: each attempt's publisher, and a fallback method's, is subscribed as part
 * of the subscriber's chain. Applied by {@link ResilientAdvisor}.
 */
public class ResilientInterceptor implements MethodInterceptor {

    private static final String TRANSACTIONS =
            "org.springframework.transaction.annotation.AnnotationTransactionAttributeSource";

    private final ObjectProvider<ResilientPipelines> pipelinesProvider;
    private volatile @Nullable ResilientPipelines pipelines;
    private final @Nullable CallerTransactionCheck transactions =
            ClassUtils.isPresent(TRANSACTIONS, ResilientInterceptor.class.getClassLoader())
                    ? new CallerTransactionCheck()
                    : null;
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
    public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
        Cached cached = lookup(invocation);
        MethodPipeline pipeline = cached.pipeline;
        if (pipeline == null || !pipeline.active() || !pipeline.applies(invocation.getArguments())) {
            return invocation.proceed();
        }
        return switch (pipeline.kind()) {
            case SYNC -> {
                if (cached.guardsCallerTransaction) {
                    CallerTransactionCheck.failIfCallerTransactionActive(
                            pipeline.plan().methodId());
                }
                yield runSync(pipeline, invocation);
            }
            case STAGE -> runAsync(pipeline, invocation);
            case MONO -> Objects.requireNonNull(cached.reactive, "reactive").mono(invocation);
            case FLUX -> Objects.requireNonNull(cached.reactive, "reactive").flux(invocation);
        };
    }

    private static @Nullable Object runSync(MethodPipeline pipeline, MethodInvocation invocation) throws Exception {
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

    private Cached lookup(MethodInvocation invocation) {
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
            return cached;
        }
        // the same method called on beans of several classes (an annotated base class)
        return this.overridden
                .computeIfAbsent(method, m -> new ConcurrentHashMap<>())
                .computeIfAbsent(targetClass, type -> resolve(method, type));
    }

    private Cached resolve(Method method, Class<?> targetClass) {
        ResilientPipelines resolved = this.pipelines;
        if (resolved == null) {
            resolved = this.pipelinesProvider.getObject();
            this.pipelines = resolved;
        }
        MethodPlan plan = resolved.methods().find(method, targetClass);
        if (plan == null) {
            return new Cached(targetClass, null, false, null);
        }
        MethodPipeline pipeline = resolved.forPlan(plan);
        ReactivePipeline reactive = pipeline.kind() == ReturnKind.MONO || pipeline.kind() == ReturnKind.FLUX
                ? ReactivePipeline.of(pipeline, plan.profile().fluxMode() == FluxMode.STREAM)
                : null;
        return new Cached(targetClass, pipeline, guardsCallerTransaction(pipeline), reactive);
    }

    /**
     * Whether calls must check for a transaction of the caller: a timed sync attempt runs on another
     * thread, so a method that would join the caller's transaction cannot. Decided once per method.
     */
    private boolean guardsCallerTransaction(MethodPipeline pipeline) {
        MethodPlan plan = pipeline.plan();
        return this.transactions != null
                && pipeline.kind() == ReturnKind.SYNC
                && (plan.profile().timeout() != null || plan.profile().totalTimeout() != null)
                && this.transactions.joinsCallerTransaction(plan.method(), plan.targetClass());
    }

    /**
     * @param guardsCallerTransaction whether each call checks for an active transaction of its caller
     * @param reactive the Reactor operators of a Mono or Flux method, else null
     */
    private record Cached(
            Class<?> targetClass,
            @Nullable MethodPipeline pipeline,
            boolean guardsCallerTransaction,
            @Nullable ReactivePipeline reactive) {}
}
