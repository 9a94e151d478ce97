package dev.resilient.spring.aot;

import dev.resilient.spring.Resilient;
import dev.resilient.spring.internal.UserTypes;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.aot.hint.ExecutableMode;
import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.ReflectionHints;
import org.springframework.beans.factory.aot.BeanRegistrationAotContribution;
import org.springframework.beans.factory.aot.BeanRegistrationAotProcessor;
import org.springframework.beans.factory.support.RegisteredBean;
import org.springframework.core.annotation.AnnotationUtils;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

/**
 * At build time ({@code spring-boot:process-aot}), registers reflection hints for every bean with
 * {@code @Resilient} methods: the annotated methods themselves (their annotations and parameter
 * types are read at start-up) and their fallback methods, which are invoked reflectively.
 * Registered in {@code META-INF/spring/aot.factories}.
 */
public class ResilientBeanRegistrationAotProcessor implements BeanRegistrationAotProcessor {

    @Override
    public @Nullable BeanRegistrationAotContribution processAheadOfTime(RegisteredBean registeredBean) {
        Class<?> type = ClassUtils.getUserClass(registeredBean.getBeanType().toClass());
        if (!AnnotationUtils.isCandidateClass(type, Resilient.class)) {
            return null;
        }
        List<Method> annotated = new ArrayList<>();
        Set<Method> fallbacks = new LinkedHashSet<>();
        for (Method method : UserTypes.methods(type)) {
            Resilient annotation = UserTypes.annotation(method, type);
            if (annotation == null) {
                continue;
            }
            annotated.add(method);
            String fallback = annotation.fallbackMethod().trim();
            if (!fallback.isEmpty()) {
                for (Method candidate : ReflectionUtils.getUniqueDeclaredMethods(
                        type, m -> m.getName().equals(fallback))) {
                    fallbacks.add(candidate);
                }
            }
        }
        if (annotated.isEmpty()) {
            return null;
        }
        return (generationContext, code) -> {
            ReflectionHints reflection = generationContext.getRuntimeHints().reflection();
            reflection.registerType(type, MemberCategory.INTROSPECT_DECLARED_METHODS);
            annotated.forEach(method -> reflection.registerMethod(method, ExecutableMode.INTROSPECT));
            fallbacks.forEach(method -> reflection.registerMethod(method, ExecutableMode.INVOKE));
        };
    }
}
