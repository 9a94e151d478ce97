package dev.resilient.benchmarks.proxy;

import dev.resilient.benchmarks.Workload;
import dev.resilient.pipeline.ResiliencePipeline;
import dev.resilient.pipeline.ResilienceRegistry;
import dev.resilient.spring.Resilient;
import dev.resilient.spring.autoconfigure.ResilientAutoConfiguration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.MapPropertySource;

/**
 * resilient's {@code @Resilient} on a Spring bean, served by the starter's advisor as its
 * auto-configuration wires it ({@link ResilientAutoConfiguration} and Spring Boot's
 * {@link AopAutoConfiguration}, nothing else: no Micrometer meters, no actuator). The composed
 * settings of {@link Workload} are given as the properties of a profile {@code bench}:
 * {@code resilient.profiles.bench.*} (see {@link #benchProfile(String, boolean)}).
 *
 * <ul>
 *   <li>{@code composed}: the profile with logging off. resilience4j's and Spring's aspects log
 *       nothing either; this is the row compared with them.</li>
 *   <li>{@code composedDefaultLogging}: the same profile with the starter's default logging
 *       (failures at WARN, successes not logged). Nothing fails, so nothing is logged, but the
 *       logging listener makes the pipeline's events live: this row shows what that costs.</li>
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class ResilientAnnotationBenchmark {

    private AnnotationConfigApplicationContext context;
    private Service service;
    private LoggedService loggedService;

    /** The annotated bean. */
    public static class Service {
        @Resilient("bench")
        public Object call() {
            return Workload.RESULT;
        }
    }

    /** The annotated bean whose profile keeps the default logging. */
    public static class LoggedService {
        @Resilient("bench-logged")
        public Object call() {
            return Workload.RESULT;
        }
    }

    /** The starter's auto-configuration, Spring Boot's AOP auto-configuration and the beans. */
    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration({AopAutoConfiguration.class, ResilientAutoConfiguration.class})
    public static class ResilientConfig {
        @Bean
        public Service service() {
            return new Service();
        }

        @Bean
        public LoggedService loggedService() {
            return new LoggedService();
        }
    }

    /**
     * The properties of profile {@code name}: {@link Workload}'s composed settings. Retry: 3
     * attempts, zero fixed delay without jitter, any exception. Circuit breaker: 50% failure rate
     * over a count window of 100 calls, seen 100 calls first; the consecutive-failure rule is unset
     * (off). Rate limiter: 10^9 permits per second, no waiting. Bulkhead: 1000 concurrent calls, no
     * waiting.
     */
    static Map<String, Object> benchProfile(String name, boolean logging) {
        String p = "resilient.profiles." + name + ".";
        Map<String, Object> properties = new HashMap<>();
        properties.put(p + "retry.max-attempts", Workload.MAX_ATTEMPTS);
        properties.put(p + "retry.delay", Workload.RETRY_DELAY.toMillis() + "ms");
        properties.put(p + "retry.backoff", "fixed");
        properties.put(p + "retry.jitter", "none");
        properties.put(p + "retry.retry-on", Exception.class.getName());
        properties.put(p + "circuit-breaker.failure-rate-threshold", Workload.BREAKER_FAILURE_RATE);
        properties.put(p + "circuit-breaker.sliding-window-type", "count-based");
        properties.put(p + "circuit-breaker.sliding-window-size", Workload.BREAKER_WINDOW);
        properties.put(p + "circuit-breaker.minimum-number-of-calls", Workload.BREAKER_WINDOW);
        properties.put(p + "rate-limit.limit", Workload.LIMITER_PERMITS);
        properties.put(p + "rate-limit.period", Workload.LIMITER_PERIOD.toMillis() + "ms");
        properties.put(p + "rate-limit.max-wait", "0ms");
        properties.put(p + "bulkhead.max-concurrent", Workload.BULKHEAD_MAX_CONCURRENT);
        properties.put(p + "bulkhead.max-wait", "0ms");
        properties.put(p + "metrics.enabled", false);
        if (!logging) {
            properties.put(p + "logging.enabled", false);
        }
        return properties;
    }

    @Setup
    public void setUp() {
        Map<String, Object> properties = new HashMap<>();
        properties.putAll(benchProfile("bench", false));
        properties.putAll(benchProfile("bench-logged", true));
        context = new AnnotationConfigApplicationContext();
        context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("bench", properties));
        context.register(ResilientConfig.class);
        context.refresh();
        service = context.getBean(Service.class);
        loggedService = context.getBean(LoggedService.class);
        Proxies.requireProxy(service);
        Proxies.requireProxy(loggedService);
        // each method is built at start-up into an instance named SimpleClassName.methodName
        ResilienceRegistry registry = context.getBean(ResilienceRegistry.class);
        requireSteps(registry, "Service.call", List.of("retry", "circuitBreaker", "rateLimiter", "bulkhead"));
        requireSteps(
                registry,
                "LoggedService.call",
                List.of("logging", "retry", "circuitBreaker", "rateLimiter", "bulkhead"));
    }

    /** Fails the set-up when instance {@code name} does not have exactly {@code steps}, in this order. */
    private static void requireSteps(ResilienceRegistry registry, String name, List<String> steps) {
        ResiliencePipeline pipeline = registry.find(name)
                .orElseThrow(() -> new IllegalStateException("no pipeline " + name + " in " + registry.pipelines()));
        List<String> actual = List.copyOf(pipeline.config().describe().keySet());
        if (!actual.equals(steps)) {
            throw new IllegalStateException(name + " has the steps " + actual + ", expected " + steps);
        }
    }

    @TearDown
    public void tearDown() {
        context.close();
    }

    @Benchmark
    public Object composed() {
        return service.call();
    }

    @Benchmark
    public Object composedDefaultLogging() {
        return loggedService.call();
    }
}
