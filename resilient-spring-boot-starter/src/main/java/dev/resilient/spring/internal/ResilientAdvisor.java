package dev.resilient.spring.internal;

import dev.resilient.spring.Resilient;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import org.aopalliance.aop.Advice;
import org.springframework.aop.Pointcut;
import org.springframework.aop.support.AbstractPointcutAdvisor;
import org.springframework.aop.support.AopUtils;
import org.springframework.aop.support.StaticMethodMatcherPointcut;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.annotation.AnnotationUtils;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

/**
 * Applies {@link ResilientInterceptor} to every public method annotated with {@code @Resilient}, or
 * declared in (or called on a bean of) a class annotated with it; {@code equals}, {@code hashCode},
 * {@code toString} and the methods of {@code Object} are left alone. The pointcut is static: it is
 * matched once per method when the proxy is created, never per call. Like Spring's own
 * {@code @Transactional} advisor, it needs an auto-proxy creator (Spring Boot's
 * {@code AopAutoConfiguration} registers one unless {@code spring.aop.auto=false}).
 */
public class ResilientAdvisor extends AbstractPointcutAdvisor {

    private static final long serialVersionUID = 1L;

    private final transient ResilientInterceptor interceptor;

    /**
     * @param interceptor the advice
     * @param order the advisor's order among other advisors; {@code LOWEST_PRECEDENCE - 1} by
     *     default, so that it runs outside {@code @Transactional}
     */
    public ResilientAdvisor(ResilientInterceptor interceptor, int order) {
        this.interceptor = interceptor;
        setOrder(order);
    }

    @Override
    public Pointcut getPointcut() {
        return ResilientPointcut.INSTANCE;
    }

    @Override
    public Advice getAdvice() {
        return this.interceptor;
    }

    /** Matches the methods {@code @Resilient} applies to, once per method and target class. */
    static final class ResilientPointcut extends StaticMethodMatcherPointcut {

        static final ResilientPointcut INSTANCE = new ResilientPointcut();

        private ResilientPointcut() {
            setClassFilter(type -> AnnotationUtils.isCandidateClass(type, Resilient.class));
        }

        @Override
        public boolean matches(Method method, Class<?> targetClass) {
            if (!isCandidate(method)) {
                return false;
            }
            Class<?> userClass =
                    targetClass != null ? ClassUtils.getUserClass(targetClass) : method.getDeclaringClass();
            Method specific = AopUtils.getMostSpecificMethod(method, userClass);
            if (specific != method && !isCandidate(specific)) {
                return false;
            }
            return AnnotatedElementUtils.hasAnnotation(specific, Resilient.class)
                    || AnnotatedElementUtils.hasAnnotation(specific.getDeclaringClass(), Resilient.class)
                    || AnnotatedElementUtils.hasAnnotation(userClass, Resilient.class);
        }

        private static boolean isCandidate(Method method) {
            int modifiers = method.getModifiers();
            return Modifier.isPublic(modifiers)
                    && !Modifier.isStatic(modifiers)
                    && method.getDeclaringClass() != Object.class
                    && !ReflectionUtils.isEqualsMethod(method)
                    && !ReflectionUtils.isHashCodeMethod(method)
                    && !ReflectionUtils.isToStringMethod(method);
        }

        @Override
        public String toString() {
            return "ResilientPointcut: public methods annotated with, or of a class annotated with, @Resilient";
        }
    }
}
