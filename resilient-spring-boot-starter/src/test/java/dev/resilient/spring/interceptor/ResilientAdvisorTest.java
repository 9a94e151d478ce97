package dev.resilient.spring.interceptor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.resilient.ResilienceRuntime;
import dev.resilient.spring.Resilient;
import dev.resilient.spring.autoconfigure.ResilientAutoConfiguration;
import dev.resilient.spring.internal.ResilientAdvisor;
import dev.resilient.time.Clock;
import dev.resilient.time.ManualTime;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.aopalliance.intercept.MethodInterceptor;
import org.junit.jupiter.api.Test;
import org.springframework.aop.Advisor;
import org.springframework.aop.support.AopUtils;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.aop.support.annotation.AnnotationMatchingPointcut;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Role;
import org.springframework.core.Ordered;

/**
 * How {@code @Resilient} is applied: the advisor's static pointcut, its order relative to advice
 * further in (each attempt runs it again), and the proxying it relies on.
 */
class ResilientAdvisorTest {

    private final ManualTime time = new ManualTime();

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class, ResilientAutoConfiguration.class))
            .withBean(Clock.class, () -> this.time)
            .withBean(ResilienceRuntime.class, () -> ResilienceRuntime.manual(this.time))
            .withPropertyValues(
                    "resilient.defaults.retry.delay=10ms",
                    "resilient.defaults.retry.jitter=none",
                    "resilient.defaults.retry.backoff=fixed")
            .withUserConfiguration(Beans.class);

    @Test
    void advisorIsOrderedJustBeforeTheLowestPrecedence() {
        this.runner.run(
                context -> assertThat(context.getBean(ResilientAdvisor.class).getOrder())
                        .isEqualTo(Ordered.LOWEST_PRECEDENCE - 1));
    }

    @Test
    void eachAttemptRunsTheAdviceFurtherInAgain() {
        this.runner.run(context -> {
            Flaky flaky = context.getBean(Flaky.class);
            flaky.failuresLeft(2);
            assertThat(flaky.sync()).isEqualTo("ok");
            assertThat(flaky.calls()).isEqualTo(3);
            assertThat(context.getBean(Inner.class).calls).hasValue(3);
        });
    }

    @Test
    void eachAsyncAttemptRunsTheAdviceFurtherInAgain() {
        this.runner.run(context -> {
            Flaky flaky = context.getBean(Flaky.class);
            flaky.failuresLeft(1);
            CompletableFuture<String> result = flaky.async();
            this.time.advance(java.time.Duration.ofMillis(10));
            assertThat(result).isCompletedWithValue("ok");
            assertThat(flaky.calls()).isEqualTo(2);
            assertThat(context.getBean(Inner.class).calls).hasValue(2);
        });
    }

    @Test
    void worksWithoutAspectJOnTheClassPath() {
        this.runner.withClassLoader(new FilteredClassLoader("org.aspectj")).run(context -> {
            Flaky flaky = context.getBean(Flaky.class);
            assertThat(AopUtils.isAopProxy(flaky)).isTrue();
            flaky.failuresLeft(2);
            assertThat(flaky.sync()).isEqualTo("ok");
            assertThat(flaky.calls()).isEqualTo(3);
        });
    }

    @Test
    void springAopAutoFalseLeavesMethodsAsTheyAre() {
        this.runner.withPropertyValues("spring.aop.auto=false").run(context -> {
            Flaky flaky = context.getBean(Flaky.class);
            assertThat(AopUtils.isAopProxy(flaky)).isFalse();
            flaky.failuresLeft(1);
            assertThatThrownBy(flaky::sync).isInstanceOf(IllegalStateException.class);
            assertThat(flaky.calls()).isEqualTo(1);
        });
    }

    @Test
    void pointcutMatchesAnnotatedPublicMethodsOnly() throws Exception {
        ResilientAdvisor advisor = new ResilientAdvisor(null, 0);
        var matcher = advisor.getPointcut().getMethodMatcher();
        assertThat(matcher.isRuntime()).isFalse();
        assertThat(matcher.matches(Flaky.class.getMethod("sync"), Flaky.class)).isTrue();
        assertThat(matcher.matches(Flaky.class.getMethod("plain"), Flaky.class)).isFalse();
        assertThat(matcher.matches(Hidden.class.getDeclaredMethod("hidden"), Hidden.class))
                .isFalse();
        assertThat(matcher.matches(Annotated.class.getMethod("run"), Annotated.class))
                .isTrue();
        assertThat(matcher.matches(Annotated.class.getDeclaredMethod("notPublic"), Annotated.class))
                .isFalse();
        assertThat(matcher.matches(Annotated.class.getMethod("toString"), Annotated.class))
                .isFalse();
        assertThat(matcher.matches(Annotated.class.getMethod("equals", Object.class), Annotated.class))
                .isFalse();
        assertThat(matcher.matches(Annotated.class.getMethod("hashCode"), Annotated.class))
                .isFalse();
        assertThat(matcher.matches(Annotated.class.getMethod("wait"), Annotated.class))
                .isFalse();
        assertThat(matcher.matches(Api.class.getMethod("call"), Implementation.class))
                .isTrue();
        assertThat(advisor.getPointcut().getClassFilter().matches(List.class)).isFalse();
    }

    @Configuration(proxyBeanMethods = false)
    static class Beans {

        @Bean
        Flaky flaky() {
            return new Flaky();
        }

        @Bean
        Inner inner() {
            return new Inner();
        }

        /** Advice ordered after {@code @Resilient}'s, like {@code @Transactional}. */
        @Bean
        @Role(BeanDefinition.ROLE_INFRASTRUCTURE)
        static Advisor innerAdvisor(org.springframework.beans.factory.ObjectProvider<Inner> inner) {
            DefaultPointcutAdvisor advisor = new DefaultPointcutAdvisor(
                    AnnotationMatchingPointcut.forMethodAnnotation(Resilient.class), (MethodInterceptor) invocation -> {
                        inner.getObject().calls.incrementAndGet();
                        return invocation.proceed();
                    });
            advisor.setOrder(Ordered.LOWEST_PRECEDENCE);
            return advisor;
        }
    }

    public static class Inner {

        final AtomicInteger calls = new AtomicInteger();
    }

    /** Public, so that it can be proxied from a filtered class loader too. */
    public static class Flaky {

        final AtomicInteger calls = new AtomicInteger();
        final AtomicInteger failuresLeft = new AtomicInteger();

        public void failuresLeft(int failures) {
            this.failuresLeft.set(failures);
        }

        public int calls() {
            return this.calls.get();
        }

        @Resilient(maxAttempts = "4")
        public String sync() {
            this.calls.incrementAndGet();
            if (this.failuresLeft.getAndDecrement() > 0) {
                throw new IllegalStateException("boom");
            }
            return "ok";
        }

        @Resilient(maxAttempts = "4")
        public CompletableFuture<String> async() {
            this.calls.incrementAndGet();
            if (this.failuresLeft.getAndDecrement() > 0) {
                return CompletableFuture.failedFuture(new IllegalStateException("boom"));
            }
            return CompletableFuture.completedFuture("ok");
        }

        public String plain() {
            return "plain";
        }
    }

    /** Not a bean: an annotated method no proxy reaches fails the start-up (StartupValidationTest). */
    static class Hidden {

        @Resilient
        String hidden() {
            return "hidden";
        }
    }

    @Resilient
    static class Annotated {

        public void run() {}

        void notPublic() {}

        @Override
        public String toString() {
            return "annotated";
        }
    }

    interface Api {

        @Resilient
        String call();
    }

    static class Implementation implements Api {

        @Override
        public String call() {
            return "called";
        }
    }
}
