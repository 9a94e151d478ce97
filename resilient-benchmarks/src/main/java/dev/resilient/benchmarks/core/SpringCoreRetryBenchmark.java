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
import org.springframework.core.retry.RetryException;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;
import org.springframework.core.retry.Retryable;

/**
 * Spring Framework 7's core retry ({@code org.springframework.core.retry.RetryTemplate}). Spring has
 * no circuit breaker or rate limiter, so only the retry benchmarks apply.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class SpringCoreRetryBenchmark {

    private static final Retryable<Object> CALL = () -> Workload.RESULT;

    private RetryTemplate retry;

    @Setup
    public void setUp() {
        retry = new RetryTemplate(RetryPolicy.builder()
                .maxRetries(Workload.MAX_ATTEMPTS - 1)
                .delay(Workload.RETRY_DELAY)
                .includes(Exception.class)
                .build());
    }

    /** The flaky call, one per thread. */
    @State(Scope.Thread)
    public static class FlakyCall {
        Retryable<Object> call;

        @Setup
        public void setUp() {
            Workload.Flaky flaky = new Workload.Flaky();
            call = flaky::next;
        }
    }

    @Benchmark
    public Object retryNoFailure() throws RetryException {
        return retry.execute(CALL);
    }

    @Benchmark
    public Object oneRetryZeroDelay(FlakyCall call) throws RetryException {
        return retry.execute(call.call);
    }
}
