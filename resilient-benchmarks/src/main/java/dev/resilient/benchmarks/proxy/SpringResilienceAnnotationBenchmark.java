package dev.resilient.benchmarks.proxy;

import dev.resilient.benchmarks.Workload;
import java.util.concurrent.TimeUnit;
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
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.resilience.annotation.ConcurrencyLimit;
import org.springframework.resilience.annotation.EnableResilientMethods;
import org.springframework.resilience.annotation.Retryable;

/**
 * Spring Framework 7's own resilience annotations, {@code @Retryable} + {@code @ConcurrencyLimit}
 * under {@code @EnableResilientMethods}. Spring has no circuit breaker or rate limiter, so this is
 * a partial pipeline: retry and a concurrency limit only.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class SpringResilienceAnnotationBenchmark {

    private AnnotationConfigApplicationContext context;
    private Service service;

    /** The annotated bean. */
    public static class Service {
        @Retryable(maxRetries = Workload.MAX_ATTEMPTS - 1, delay = 0, includes = Exception.class)
        @ConcurrencyLimit(Workload.BULKHEAD_MAX_CONCURRENT)
        public Object call() {
            return Workload.RESULT;
        }
    }

    /** Enables the annotations. */
    @Configuration(proxyBeanMethods = false)
    @EnableResilientMethods(proxyTargetClass = true)
    public static class SpringResilienceConfig {
        @Bean
        public Service service() {
            return new Service();
        }
    }

    @Setup
    public void setUp() {
        context = new AnnotationConfigApplicationContext(SpringResilienceConfig.class);
        service = context.getBean(Service.class);
        Proxies.requireProxy(service);
    }

    @TearDown
    public void tearDown() {
        context.close();
    }

    @Benchmark
    public Object composed() {
        return service.call();
    }
}
