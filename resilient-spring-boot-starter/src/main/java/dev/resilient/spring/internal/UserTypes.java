package dev.resilient.spring.internal;

import dev.resilient.spring.Resilient;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.aop.SpringProxy;
import org.springframework.aop.framework.Advised;
import org.springframework.aop.support.AopUtils;
import org.springframework.core.DecoratingProxy;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

/**
 * The user-facing type of a bean, which names its instances, and which of its methods
 * {@code @Resilient} applies to. For a bean that is a JDK proxy (a Spring Data repository, an
 * {@code @HttpExchange} client, any interface-based proxy) it is the interface the user declared
 * (such as {@code VetRepository}), never the implementation behind it; otherwise the bean's class
 * without CGLIB subclasses.
 */
public final class UserTypes {

    private UserTypes() {}

    /**
     * The user-facing type of a bean of {@code targetClass} on which {@code method} is called.
     *
     * @param targetClass the class of the object the proxy calls (a JDK proxy class, a CGLIB
     *     subclass or a plain class), or null
     */
    public static Class<?> of(@Nullable Class<?> targetClass, Method method) {
        if (targetClass == null) {
            return method.getDeclaringClass();
        }
        if (Proxy.isProxyClass(targetClass)) {
            for (Class<?> candidate : userInterfaces(targetClass)) {
                if (method.getDeclaringClass().isAssignableFrom(candidate)) {
                    return candidate;
                }
            }
            return method.getDeclaringClass();
        }
        return ClassUtils.getUserClass(targetClass);
    }

    /** The interfaces a JDK proxy class implements for its user, in declaration order. */
    public static List<Class<?>> userInterfaces(Class<?> proxyClass) {
        List<Class<?>> result = new ArrayList<>();
        for (Class<?> candidate : proxyClass.getInterfaces()) {
            if (!SpringProxy.class.isAssignableFrom(candidate)
                    && candidate != Advised.class
                    && candidate != DecoratingProxy.class) {
                result.add(candidate);
            }
        }
        return result;
    }

    /**
     * The {@code @Resilient} annotation that applies to {@code method} of a bean of user type
     * {@code userType} — on the method (or the method it overrides or implements), else on the type
     * for its public methods — or null when none applies or no proxy can apply it.
     */
    public static @Nullable Resilient annotation(Method method, Class<?> userType) {
        if (!isInterceptable(method)) {
            return null;
        }
        Resilient annotation = AnnotatedElementUtils.findMergedAnnotation(method, Resilient.class);
        if (annotation == null) {
            annotation = AnnotatedElementUtils.findMergedAnnotation(userType, Resilient.class);
        }
        return annotation;
    }

    /** Whether a proxy can intercept calls to {@code method}: public, not static, not of Object. */
    static boolean isInterceptable(Method method) {
        int modifiers = method.getModifiers();
        return Modifier.isPublic(modifiers)
                && !Modifier.isStatic(modifiers)
                && !method.isBridge()
                && !method.isSynthetic()
                && method.getDeclaringClass() != Object.class
                && !ReflectionUtils.isEqualsMethod(method)
                && !ReflectionUtils.isHashCodeMethod(method)
                && !ReflectionUtils.isToStringMethod(method);
    }

    /** The most specific version of {@code method} in {@code userType}. */
    public static Method specific(Method method, Class<?> userType) {
        return AopUtils.getMostSpecificMethod(method, userType);
    }

    /**
     * The methods a bean of {@code userType} can be called with, one per signature (the most
     * specific declaration): for an interface its public methods, inherited ones included, for a
     * class its user-declared methods.
     */
    public static List<Method> methods(Class<?> userType) {
        if (!userType.isInterface()) {
            return Arrays.asList(
                    ReflectionUtils.getUniqueDeclaredMethods(userType, ReflectionUtils.USER_DECLARED_METHODS));
        }
        Map<String, Method> bySignature = new LinkedHashMap<>();
        for (Method method : userType.getMethods()) {
            if (method.isBridge() || method.isSynthetic() || Modifier.isStatic(method.getModifiers())) {
                continue;
            }
            String signature = method.getName() + Arrays.toString(method.getParameterTypes());
            Method existing = bySignature.get(signature);
            if (existing == null || existing.getDeclaringClass().isAssignableFrom(method.getDeclaringClass())) {
                bySignature.put(signature, method);
            }
        }
        return List.copyOf(bySignature.values());
    }

    /**
     * The default instance name of {@code method} on a bean of {@code userType}:
     * {@code SimpleTypeName.method}, or {@code SimpleTypeName.method(ParamType, ...)} when the type
     * has several {@code @Resilient} methods of that name, so that overloads never share an instance.
     */
    public static String defaultName(Method method, Class<?> userType) {
        String base = userType.getSimpleName() + "." + method.getName();
        long overloads = methods(userType).stream()
                .filter(m -> m.getName().equals(method.getName()))
                .filter(m -> annotation(m, userType) != null)
                .map(m -> Arrays.asList(m.getParameterTypes()))
                .distinct()
                .count();
        if (overloads <= 1) {
            return base;
        }
        return base + "("
                + Arrays.stream(method.getParameterTypes())
                        .map(Class::getSimpleName)
                        .collect(Collectors.joining(", "))
                + ")";
    }
}
