package dev.resilient.benchmarks.core;

import dev.resilient.ResilienceRuntime;
import dev.resilient.benchmarks.Workload;
import dev.resilient.bulkhead.BulkheadConfig;
import dev.resilient.circuitbreaker.CircuitBreakerConfig;
import dev.resilient.circuitbreaker.SlidingWindowType;
import dev.resilient.pipeline.PipelineConfig;
import dev.resilient.pipeline.ResiliencePipeline;
import dev.resilient.ratelimiter.RateLimiterConfig;
import dev.resilient.retry.Backoff;
import dev.resilient.retry.RetryConfig;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/** resilient: one {@link ResiliencePipeline} per configuration, built at set-up. */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class ResilientBenchmark {

    private ResilienceRuntime runtime;
    private ResiliencePipeline retry;
    private ResiliencePipeline breaker;
    private ResiliencePipeline limiter;
    private ResiliencePipeline composed;

    static RetryConfig retryConfig() {
        return RetryConfig.builder()
                .maxAttempts(Workload.MAX_ATTEMPTS)
                .backoff(Backoff.fixed())
                .baseDelay(Workload.RETRY_DELAY)
                .retryOn(Exception.class)
                .build();
    }

    static CircuitBreakerConfig breakerConfig() {
        return CircuitBreakerConfig.builder()
                .failureThreshold(0)
                .failureRateThreshold(Workload.BREAKER_FAILURE_RATE)
                .slidingWindow(SlidingWindowType.COUNT_BASED, Workload.BREAKER_WINDOW)
                .minimumNumberOfCalls(Workload.BREAKER_WINDOW)
                .build();
    }

    static RateLimiterConfig limiterConfig() {
        return RateLimiterConfig.builder()
                .limit(Workload.LIMITER_PERMITS)
                .period(Workload.LIMITER_PERIOD)
                .build();
    }

    static BulkheadConfig bulkheadConfig() {
        return BulkheadConfig.builder()
                .maxConcurrent(Workload.BULKHEAD_MAX_CONCURRENT)
                .build();
    }

    /** The composed pipeline: retry → circuit breaker → rate limiter → bulkhead. */
    public static PipelineConfig composedConfig() {
        return PipelineConfig.builder()
                .retry(retryConfig())
                .circuitBreaker(breakerConfig())
                .rateLimiter(limiterConfig())
                .bulkhead(bulkheadConfig())
                .build();
    }

    @Setup
    public void setUp() {
        runtime = createRuntime();
        retry = ResiliencePipeline.of(
                "retry", PipelineConfig.builder().retry(retryConfig()).build(), runtime);
        breaker = ResiliencePipeline.of(
                "breaker",
                PipelineConfig.builder().circuitBreaker(breakerConfig()).build(),
                runtime);
        limiter = ResiliencePipeline.of(
                "limiter", PipelineConfig.builder().rateLimiter(limiterConfig()).build(), runtime);
        composed = ResiliencePipeline.of("composed", composedConfig(), runtime);
    }

    /** The runtime the pipelines run on: the default one, on the system clock. */
    protected ResilienceRuntime createRuntime() {
        return ResilienceRuntime.defaults();
    }

    @TearDown
    public void tearDown() {
        runtime.close();
    }

    /** The flaky call, one per thread. */
    @State(Scope.Thread)
    public static class FlakyCall {
        Callable<Object> call;

        @Setup
        public void setUp() {
            Workload.Flaky flaky = new Workload.Flaky();
            call = flaky::next;
        }
    }

    @Benchmark
    public Object retryNoFailure() throws Exception {
        return retry.execute(Workload.CALL);
    }

    @Benchmark
    public Object breakerClosed() throws Exception {
        return breaker.execute(Workload.CALL);
    }

    @Benchmark
    public Object limiterFreePermits() throws Exception {
        return limiter.execute(Workload.CALL);
    }

    @Benchmark
    public Object composed() throws Exception {
        return composed.execute(Workload.CALL);
    }

    @Benchmark
    public Object oneRetryZeroDelay(FlakyCall call) throws Exception {
        return retry.execute(call.call);
    }
}
