package dev.resilient.spring.internal;

import dev.resilient.spring.Resilient;
import java.lang.reflect.Method;
import org.aopalliance.aop.Advice;
import org.springframework.aop.Pointcut;
import org.springframework.aop.support.AbstractPointcutAdvisor;
import org.springframework.aop.support.StaticMethodMatcherPointcut;
import org.springframework.core.annotation.AnnotationUtils;

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
            if (!UserTypes.isInterceptable(method)) {
                return false;
            }
            Class<?> userType = UserTypes.of(targetClass, method);
            return UserTypes.annotation(UserTypes.specific(method, userType), userType) != null;
        }

        @Override
        public String toString() {
            return "ResilientPointcut: public methods annotated with, or of a class annotated with, @Resilient";
        }
    }
}
