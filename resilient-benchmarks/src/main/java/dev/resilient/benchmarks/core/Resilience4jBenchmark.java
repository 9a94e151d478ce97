package dev.resilient.benchmarks.core;

import dev.resilient.benchmarks.Workload;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.time.Duration;
import java.util.concurrent.Callable;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * resilience4j 2.4: each call is decorated once, at set-up, the cheapest way to use it (decorating
 * per call would add allocations). No event consumers are attached.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class Resilience4jBenchmark {

    private Retry retry;
    private Callable<Object> retried;
    private Callable<Object> breakerGuarded;
    private Callable<Object> limited;
    private Callable<Object> composed;

    static RetryConfig retryConfig() {
        return RetryConfig.custom()
                .maxAttempts(Workload.MAX_ATTEMPTS)
                .waitDuration(Workload.RETRY_DELAY)
                .retryExceptions(Exception.class)
                .build();
    }

    static CircuitBreakerConfig breakerConfig() {
        return CircuitBreakerConfig.custom()
                .slidingWindow(
                        Workload.BREAKER_WINDOW,
                        Workload.BREAKER_WINDOW,
                        CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .failureRateThreshold(Workload.BREAKER_FAILURE_RATE)
                .build();
    }

    static RateLimiterConfig limiterConfig() {
        return RateLimiterConfig.custom()
                .limitForPeriod(Workload.LIMITER_PERMITS)
                .limitRefreshPeriod(Workload.LIMITER_PERIOD)
                .timeoutDuration(Duration.ZERO)
                .build();
    }

    static BulkheadConfig bulkheadConfig() {
        return BulkheadConfig.custom()
                .maxConcurrentCalls(Workload.BULKHEAD_MAX_CONCURRENT)
                .maxWaitDuration(Duration.ZERO)
                .build();
    }

    @Setup
    public void setUp() {
        retry = Retry.of("retry", retryConfig());
        retried = Retry.decorateCallable(retry, Workload.CALL);
        breakerGuarded = CircuitBreaker.decorateCallable(CircuitBreaker.of("breaker", breakerConfig()), Workload.CALL);
        limited = RateLimiter.decorateCallable(RateLimiter.of("limiter", limiterConfig()), Workload.CALL);
        Callable<Object> inner = Bulkhead.decorateCallable(Bulkhead.of("composed", bulkheadConfig()), Workload.CALL);
        inner = RateLimiter.decorateCallable(RateLimiter.of("composed", limiterConfig()), inner);
        inner = CircuitBreaker.decorateCallable(CircuitBreaker.of("composed", breakerConfig()), inner);
        composed = Retry.decorateCallable(Retry.of("composed", retryConfig()), inner);
    }

    /** The flaky call, decorated once per thread. */
    @State(Scope.Thread)
    public static class FlakyCall {
        Callable<Object> retried;

        @Setup
        public void setUp(Resilience4jBenchmark benchmark) {
            Workload.Flaky flaky = new Workload.Flaky();
            retried = Retry.decorateCallable(benchmark.retry, flaky::next);
        }
    }

    @Benchmark
    public Object retryNoFailure() throws Exception {
        return retried.call();
    }

    @Benchmark
    public Object breakerClosed() throws Exception {
        return breakerGuarded.call();
    }

    @Benchmark
    public Object limiterFreePermits() throws Exception {
        return limited.call();
    }

    @Benchmark
    public Object composed() throws Exception {
        return composed.call();
    }

    @Benchmark
    public Object oneRetryZeroDelay(FlakyCall call) throws Exception {
        return call.retried.call();
    }
}
