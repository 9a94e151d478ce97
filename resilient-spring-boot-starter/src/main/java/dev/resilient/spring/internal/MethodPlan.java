package dev.resilient.spring.internal;

import java.lang.reflect.Method;
import org.jspecify.annotations.Nullable;

/**
 * Everything resolved at start-up for one {@code @Resilient} method: nothing of this is parsed or
 * looked up per call.
 *
 * @param method the annotated method (most specific for {@code targetClass})
 * @param targetClass the bean's user-facing type: its class, or the interface of a JDK-proxied
 *     bean such as a Spring Data repository
 * @param methodId the default instance name, {@code SimpleTypeName.methodName} (with the
 *     parameter types when the type has overloads of an annotated method), used in messages
 * @param instanceName the instance name keying shared state
 * @param profile the effective settings
 * @param fallback the fallback methods, or null when none is configured
 */
public record MethodPlan(
        Method method,
        Class<?> targetClass,
        String methodId,
        String instanceName,
        EffectiveProfile profile,
        @Nullable FallbackPlan fallback) {}
