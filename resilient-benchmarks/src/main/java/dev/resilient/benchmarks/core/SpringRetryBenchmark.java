package dev.resilient.benchmarks.core;

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
import org.springframework.retry.RetryCallback;
import org.springframework.retry.support.RetryTemplate;

/**
 * Spring Retry 2.0 ({@code org.springframework.retry.support.RetryTemplate}), the retry library Spring
 * used before Framework 7; its circuit breaker is a stateful-retry variant with no equivalent here, so
 * only the retry benchmarks apply.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class SpringRetryBenchmark {

    private static final RetryCallback<Object, RuntimeException> CALL = context -> Workload.RESULT;

    private RetryTemplate retry;

    @Setup
    public void setUp() {
        retry = RetryTemplate.builder()
                .maxAttempts(Workload.MAX_ATTEMPTS)
                .noBackoff()
                .retryOn(Exception.class)
                .build();
    }

    /** The flaky call, one per thread. */
    @State(Scope.Thread)
    public static class FlakyCall {
        RetryCallback<Object, RuntimeException> call;

        @Setup
        public void setUp() {
            Workload.Flaky flaky = new Workload.Flaky();
            call = context -> flaky.next();
        }
    }

    @Benchmark
    public Object retryNoFailure() {
        return retry.execute(CALL);
    }

    @Benchmark
    public Object oneRetryZeroDelay(FlakyCall call) {
        return retry.execute(call.call);
    }
}
