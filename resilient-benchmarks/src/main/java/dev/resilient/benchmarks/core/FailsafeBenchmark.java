package dev.resilient.benchmarks.core;

import dev.failsafe.Bulkhead;
import dev.failsafe.CircuitBreaker;
import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeExecutor;
import dev.failsafe.RateLimiter;
import dev.failsafe.RetryPolicy;
import dev.failsafe.function.CheckedSupplier;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Failsafe 3.3: one {@link FailsafeExecutor} per configuration, built at set-up. The rate limiter is
 * Failsafe's bursty one (a fixed window, like resilience4j's); its smooth one would throttle at one
 * permit per nanosecond.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class FailsafeBenchmark {

    private static final CheckedSupplier<Object> CALL = () -> Workload.RESULT;

    private FailsafeExecutor<Object> retry;
    private FailsafeExecutor<Object> breaker;
    private FailsafeExecutor<Object> limiter;
    private FailsafeExecutor<Object> composed;

    static RetryPolicy<Object> retryPolicy() {
        return RetryPolicy.builder()
                .handle(Exception.class)
                .withMaxAttempts(Workload.MAX_ATTEMPTS)
                .build(); // no delay between attempts by default (withDelay rejects zero)
    }

    static CircuitBreaker<Object> breaker() {
        // opens when half of the last 100 executions failed
        return CircuitBreaker.builder()
                .withFailureThreshold(
                        Workload.BREAKER_WINDOW * Workload.BREAKER_FAILURE_RATE / 100, Workload.BREAKER_WINDOW)
                .build();
    }

    static RateLimiter<Object> limiter() {
        return RateLimiter.burstyBuilder(Workload.LIMITER_PERMITS, Workload.LIMITER_PERIOD)
                .build();
    }

    static Bulkhead<Object> bulkhead() {
        return Bulkhead.builder(Workload.BULKHEAD_MAX_CONCURRENT).build();
    }

    @Setup
    public void setUp() {
        retry = Failsafe.with(retryPolicy());
        breaker = Failsafe.with(breaker());
        limiter = Failsafe.with(limiter());
        // Failsafe composes right to left: the last policy is the innermost
        composed = Failsafe.with(retryPolicy(), breaker(), limiter(), bulkhead());
    }

    /** The flaky call, one per thread. */
    @State(Scope.Thread)
    public static class FlakyCall {
        CheckedSupplier<Object> call;

        @Setup
        public void setUp() {
            Workload.Flaky flaky = new Workload.Flaky();
            call = flaky::next;
        }
    }

    @Benchmark
    public Object retryNoFailure() {
        return retry.get(CALL);
    }

    @Benchmark
    public Object breakerClosed() {
        return breaker.get(CALL);
    }

    @Benchmark
    public Object limiterFreePermits() {
        return limiter.get(CALL);
    }

    @Benchmark
    public Object composed() {
        return composed.get(CALL);
    }

    @Benchmark
    public Object oneRetryZeroDelay(FlakyCall call) {
        return retry.get(call.call);
    }
}
