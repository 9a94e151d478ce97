package dev.resilient.benchmarks.proxy;

import dev.resilient.benchmarks.Workload;
import java.util.concurrent.TimeUnit;
import org.aopalliance.intercept.MethodInterceptor;
import org.aspectj.lang.ProceedingJoinPoint;
import org.aspectj.lang.annotation.Around;
import org.aspectj.lang.annotation.Aspect;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.EnableAspectJAutoProxy;

/**
 * The floors of the annotation path: the bean called directly ({@code direct}); a CGLIB proxy with one
 * no-op {@link MethodInterceptor} ({@code plainProxy}, the cheapest Spring AOP proxy, the floor the
 * annotation targets are measured against); and the same call through an AspectJ-style
 * {@code @Around} no-op aspect under {@code @EnableAspectJAutoProxy} ({@code noOpAspect}, the
 * mechanism resilience4j's aspects use).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class ProxyFloorBenchmark {

    private Service direct;
    private Service plainProxy;
    private Service aspectProxy;
    private AnnotationConfigApplicationContext context;

    /** The bean. */
    public static class Service {
        @NoOp
        public Object call() {
            return Workload.RESULT;
        }
    }

    /** An around advice that only proceeds. */
    @Aspect
    public static class NoOpAspect {
        @Around("@annotation(dev.resilient.benchmarks.proxy.NoOp)")
        public Object around(ProceedingJoinPoint joinPoint) throws Throwable {
            return joinPoint.proceed();
        }
    }

    /** Auto-proxies the bean with the no-op aspect. */
    @Configuration(proxyBeanMethods = false)
    @EnableAspectJAutoProxy(proxyTargetClass = true)
    public static class AspectConfig {
        @Bean
        public NoOpAspect noOpAspect() {
            return new NoOpAspect();
        }

        @Bean
        public Service service() {
            return new Service();
        }
    }

    @Setup
    public void setUp() {
        direct = new Service();
        ProxyFactory factory = new ProxyFactory(new Service());
        factory.setProxyTargetClass(true);
        factory.addAdvice((MethodInterceptor) invocation -> invocation.proceed());
        plainProxy = (Service) factory.getProxy();
        context = new AnnotationConfigApplicationContext(AspectConfig.class);
        aspectProxy = context.getBean(Service.class);
        Proxies.requireProxy(plainProxy);
        Proxies.requireProxy(aspectProxy);
    }

    @TearDown
    public void tearDown() {
        context.close();
    }

    @Benchmark
    public Object direct() {
        return direct.call();
    }

    @Benchmark
    public Object plainProxy() {
        return plainProxy.call();
    }

    @Benchmark
    public Object noOpAspect() {
        return aspectProxy.call();
    }
}
