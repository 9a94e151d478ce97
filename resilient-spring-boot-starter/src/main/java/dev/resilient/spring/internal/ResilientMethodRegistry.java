package dev.resilient.spring.internal;

import dev.resilient.spring.Resilient;
import dev.resilient.spring.ResilientConfigurationException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.core.MethodClassKey;
import org.springframework.core.annotation.AnnotationUtils;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

/**
 * Holds the {@link MethodPlan} of every {@code @Resilient} method, resolved and validated once.
 * Beans are scanned at start-up; a method met later (a lazy or prototype bean) is resolved on
 * first use and cached. Thread-safe.
 */
public class ResilientMethodRegistry {

    private final ProfileMerger merger;
    private final Map<MethodClassKey, Optional<MethodPlan>> plans = new ConcurrentHashMap<>();
    private final Map<MethodClassKey, Optional<MethodPlan>> bySpecific = new ConcurrentHashMap<>();
    private final Map<String, MethodPlan> firstByInstance = new ConcurrentHashMap<>();

    public ResilientMethodRegistry(ProfileMerger merger) {
        this.merger = merger;
    }

    /**
     * Resolves every {@code @Resilient} method of a bean of user type {@code userType} (see
     * {@link UserTypes}): a class, or the interface a JDK-proxied bean was declared with.
     *
     * @return the plans of the type's annotated methods
     * @throws ResilientConfigurationException when one is misconfigured
     */
    public List<MethodPlan> scan(Class<?> userType) {
        Class<?> type = ClassUtils.getUserClass(userType);
        if (!AnnotationUtils.isCandidateClass(type, Resilient.class)) {
            return List.of();
        }
        List<MethodPlan> result = new ArrayList<>();
        for (Method method : UserTypes.methods(type)) {
            MethodPlan plan = find(method, type);
            if (plan != null) {
                result.add(plan);
            }
        }
        return result;
    }

    /**
     * The plan of a method called on a bean of {@code targetClass} (a class, a CGLIB subclass, a JDK
     * proxy class or a user-facing interface), or null when the method is not {@code @Resilient}.
     *
     * @throws ResilientConfigurationException when the method is misconfigured
     */
    public @Nullable MethodPlan find(Method method, Class<?> targetClass) {
        MethodClassKey key = new MethodClassKey(method, targetClass);
        Optional<MethodPlan> cached = this.plans.get(key);
        if (cached != null) {
            return cached.orElse(null);
        }
        Class<?> userType = UserTypes.of(targetClass, method);
        Method specific = UserTypes.specific(method, userType);
        MethodClassKey specificKey = new MethodClassKey(specific, userType);
        Optional<MethodPlan> plan = this.bySpecific.get(specificKey);
        if (plan == null) {
            plan = Optional.ofNullable(resolve(specific, userType));
            plan.ifPresent(this::checkSharedInstance);
            Optional<MethodPlan> previous = this.bySpecific.putIfAbsent(specificKey, plan);
            plan = previous != null ? previous : plan;
        }
        Optional<MethodPlan> previous = this.plans.putIfAbsent(key, plan);
        return (previous != null ? previous : plan).orElse(null);
    }

    /** Every plan resolved so far. */
    public Collection<MethodPlan> plans() {
        return this.bySpecific.values().stream()
                .flatMap(Optional::stream)
                .distinct()
                .toList();
    }

    /** The plans resolved so far, grouped by instance name. */
    public Map<String, List<MethodPlan>> byInstance() {
        return plans().stream().collect(Collectors.groupingBy(MethodPlan::instanceName));
    }

    private @Nullable MethodPlan resolve(Method specific, Class<?> userType) {
        Resilient annotation = UserTypes.annotation(specific, userType);
        if (annotation == null) {
            return null;
        }
        String methodId = UserTypes.defaultName(specific, userType);
        String instanceName =
                annotation.name().isBlank() ? methodId : annotation.name().trim();
        EffectiveProfile profile = this.merger.merge(annotation, methodId);
        @Nullable
        FallbackPlan fallback = annotation.fallbackMethod().isBlank()
                ? null
                : resolveFallback(
                        specific, userType, annotation.fallbackMethod().trim(), methodId);
        return new MethodPlan(specific, userType, methodId, instanceName, profile, fallback);
    }

    /**
     * Methods sharing an instance name share one pipeline (its circuit, limiter, bulkhead, budget,
     * failure cache and counters), so their settings must agree; only the fallback method may differ.
     */
    private void checkSharedInstance(MethodPlan plan) {
        MethodPlan first = this.firstByInstance.putIfAbsent(plan.instanceName(), plan);
        if (first == null || first.method().equals(plan.method())) {
            return;
        }
        List<String> differences = differences(first.profile(), plan.profile());
        if (!differences.isEmpty()) {
            throw new ResilientConfigurationException(
                    "@Resilient(name = \"" + plan.instanceName() + "\")",
                    plan.methodId(),
                    "shares the instance '" + plan.instanceName() + "' with " + first.methodId()
                            + " but configures it differently (" + String.join(", ", differences) + ")",
                    "Give the methods the same profiles and inline settings, or different names.");
        }
    }

    /** The settings groups ({@code retry}, {@code circuit-breaker}, {@code timeout}, ...) in which two profiles differ. */
    static List<String> differences(EffectiveProfile a, EffectiveProfile b) {
        Map<String, Object> x = PropertyTree.flatten(a.values());
        Map<String, Object> y = PropertyTree.flatten(b.values());
        Set<String> differences = new LinkedHashSet<>();
        Set<String> keys = new LinkedHashSet<>(x.keySet());
        keys.addAll(y.keySet());
        for (String key : keys) {
            if (!String.valueOf(x.get(key)).equals(String.valueOf(y.get(key)))) {
                int dot = key.indexOf('.');
                differences.add(dot < 0 ? key : key.substring(0, dot));
            }
        }
        return List.copyOf(differences);
    }

    static FallbackPlan resolveFallback(Method method, Class<?> userClass, String name, String methodId) {
        Class<?>[] params = method.getParameterTypes();
        List<Method> withThrowable = new ArrayList<>();
        @Nullable Method withoutThrowable = null;
        List<String> rejected = new ArrayList<>();
        Method[] candidates = ReflectionUtils.getUniqueDeclaredMethods(
                userClass, m -> m.getName().equals(name));
        for (Method candidate : candidates) {
            if (candidate.equals(method)) {
                rejected.add(signature(candidate) + " is the annotated method itself");
                continue;
            }
            Class<?>[] types = candidate.getParameterTypes();
            boolean exact = Arrays.equals(types, params);
            boolean trailing = types.length == params.length + 1
                    && Arrays.equals(Arrays.copyOf(types, params.length), params)
                    && Throwable.class.isAssignableFrom(types[params.length]);
            if (!exact && !trailing) {
                rejected.add(signature(candidate) + " has other parameters");
                continue;
            }
            if (!returnCompatible(method.getReturnType(), candidate.getReturnType())) {
                rejected.add(signature(candidate) + " returns "
                        + candidate.getReturnType().getSimpleName());
                continue;
            }
            ReflectionUtils.makeAccessible(candidate);
            if (exact) {
                withoutThrowable = candidate;
            } else {
                withThrowable.add(candidate);
            }
        }
        if (withThrowable.isEmpty() && withoutThrowable == null) {
            String expected = name + "(" + names(params) + ") or " + name + "(" + names(params)
                    + (params.length > 0 ? ", " : "") + "<? extends Throwable>)";
            String reason = "no method " + expected + " returning "
                    + method.getReturnType().getSimpleName()
                    + " in " + userClass.getSimpleName()
                    + (rejected.isEmpty() ? "" : "; found " + String.join(", ", rejected));
            throw new ResilientConfigurationException(
                    "fallbackMethod '" + name + "'",
                    methodId,
                    reason,
                    "Declare " + expected + " in " + userClass.getSimpleName()
                            + " returning a type assignable to "
                            + method.getReturnType().getSimpleName()
                            + ", or fix the fallbackMethod name.");
        }
        withThrowable.sort(Comparator.comparingInt((Method m) -> depth(m.getParameterTypes()[params.length]))
                .reversed());
        return new FallbackPlan(name, withThrowable, withoutThrowable);
    }

    private static boolean returnCompatible(Class<?> target, Class<?> candidate) {
        if (target == void.class) {
            return true;
        }
        return candidate != void.class && ClassUtils.isAssignable(target, candidate);
    }

    private static int depth(Class<?> type) {
        int depth = 0;
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            depth++;
        }
        return depth;
    }

    private static String signature(Method m) {
        return m.getName() + "(" + names(m.getParameterTypes()) + ")";
    }

    private static String names(Class<?>[] types) {
        return Arrays.stream(types).map(Class::getSimpleName).collect(Collectors.joining(", "));
    }
}
