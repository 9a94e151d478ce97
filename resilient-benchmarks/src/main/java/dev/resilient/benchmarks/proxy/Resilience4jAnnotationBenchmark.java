package dev.resilient.benchmarks.proxy;

import dev.resilient.benchmarks.Workload;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.bulkhead.ThreadPoolBulkheadRegistry;
import io.github.resilience4j.bulkhead.annotation.Bulkhead;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.circuitbreaker.annotation.CircuitBreaker;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import io.github.resilience4j.ratelimiter.annotation.RateLimiter;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;
import io.github.resilience4j.retry.annotation.Retry;
import io.github.resilience4j.spring6.bulkhead.configure.BulkheadAspect;
import io.github.resilience4j.spring6.bulkhead.configure.BulkheadConfigurationProperties;
import io.github.resilience4j.spring6.circuitbreaker.configure.CircuitBreakerAspect;
import io.github.resilience4j.spring6.circuitbreaker.configure.CircuitBreakerConfigurationProperties;
import io.github.resilience4j.spring6.fallback.FallbackDecorators;
import io.github.resilience4j.spring6.fallback.FallbackExecutor;
import io.github.resilience4j.spring6.ratelimiter.configure.RateLimiterAspect;
import io.github.resilience4j.spring6.ratelimiter.configure.RateLimiterConfigurationProperties;
import io.github.resilience4j.spring6.retry.configure.RetryAspect;
import io.github.resilience4j.spring6.retry.configure.RetryConfigurationProperties;
import io.github.resilience4j.spring6.spelresolver.DefaultSpelResolver;
import io.github.resilience4j.spring6.spelresolver.SpelResolver;
import java.time.Duration;
import java.util.List;
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
import org.springframework.beans.factory.BeanFactory;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.EnableAspectJAutoProxy;
import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.expression.spel.standard.SpelExpressionParser;

/**
 * resilience4j's annotations ({@code @Retry @CircuitBreaker @RateLimiter @Bulkhead}) on a Spring bean,
 * served by the resilience4j-spring6 aspects, wired by hand the way its Spring Boot auto-configuration
 * wires them but without the per-instance event buffers the auto-configuration attaches (the leanest
 * set-up resilience4j allows). The aspects nest retry → circuit breaker → rate limiter → bulkhead by
 * their default order.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class Resilience4jAnnotationBenchmark {

    private AnnotationConfigApplicationContext context;
    private Service service;

    /** The annotated bean. */
    public static class Service {
        @Retry(name = "composed")
        @CircuitBreaker(name = "composed")
        @RateLimiter(name = "composed")
        @Bulkhead(name = "composed")
        public Object call() {
            return Workload.RESULT;
        }
    }

    /** The registries, configured as in the core benchmarks, and the four aspects. */
    @Configuration(proxyBeanMethods = false)
    @EnableAspectJAutoProxy(proxyTargetClass = true)
    public static class Resilience4jConfig {

        @Bean
        public SpelResolver spelResolver(BeanFactory beanFactory) {
            return new DefaultSpelResolver(
                    new SpelExpressionParser(), new DefaultParameterNameDiscoverer(), beanFactory);
        }

        @Bean
        public FallbackExecutor fallbackExecutor(SpelResolver spelResolver) {
            return new FallbackExecutor(spelResolver, new FallbackDecorators(List.of()));
        }

        @Bean
        public RetryAspect retryAspect(FallbackExecutor fallbackExecutor, SpelResolver spelResolver) {
            RetryRegistry registry = RetryRegistry.of(RetryConfig.custom()
                    .maxAttempts(Workload.MAX_ATTEMPTS)
                    .waitDuration(Workload.RETRY_DELAY)
                    .retryExceptions(Exception.class)
                    .build());
            return new RetryAspect(
                    new RetryConfigurationProperties(), registry, null, fallbackExecutor, spelResolver, null);
        }

        @Bean
        public CircuitBreakerAspect circuitBreakerAspect(FallbackExecutor fallbackExecutor, SpelResolver spelResolver) {
            CircuitBreakerRegistry registry = CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
                    .slidingWindow(
                            Workload.BREAKER_WINDOW,
                            Workload.BREAKER_WINDOW,
                            CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                    .failureRateThreshold(Workload.BREAKER_FAILURE_RATE)
                    .build());
            return new CircuitBreakerAspect(
                    new CircuitBreakerConfigurationProperties(), registry, null, fallbackExecutor, spelResolver);
        }

        @Bean
        public RateLimiterAspect rateLimiterAspect(FallbackExecutor fallbackExecutor, SpelResolver spelResolver) {
            RateLimiterRegistry registry = RateLimiterRegistry.of(RateLimiterConfig.custom()
                    .limitForPeriod(Workload.LIMITER_PERMITS)
                    .limitRefreshPeriod(Workload.LIMITER_PERIOD)
                    .timeoutDuration(Duration.ZERO)
                    .build());
            return new RateLimiterAspect(
                    registry, new RateLimiterConfigurationProperties(), null, fallbackExecutor, spelResolver);
        }

        @Bean
        public BulkheadAspect bulkheadAspect(FallbackExecutor fallbackExecutor, SpelResolver spelResolver) {
            BulkheadRegistry registry = BulkheadRegistry.of(BulkheadConfig.custom()
                    .maxConcurrentCalls(Workload.BULKHEAD_MAX_CONCURRENT)
                    .maxWaitDuration(Duration.ZERO)
                    .build());
            return new BulkheadAspect(
                    new BulkheadConfigurationProperties(),
                    ThreadPoolBulkheadRegistry.ofDefaults(),
                    registry,
                    null,
                    fallbackExecutor,
                    spelResolver);
        }

        @Bean
        public Service service() {
            return new Service();
        }
    }

    @Setup
    public void setUp() {
        context = new AnnotationConfigApplicationContext(Resilience4jConfig.class);
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
