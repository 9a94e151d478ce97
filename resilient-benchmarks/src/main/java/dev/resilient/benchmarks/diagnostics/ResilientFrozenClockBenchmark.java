package dev.resilient.benchmarks.diagnostics;

import dev.resilient.ResilienceRuntime;
import dev.resilient.benchmarks.core.ResilientBenchmark;
import dev.resilient.time.Clock;

/**
 * resilient's core benchmarks with a clock that never moves: the difference to
 * {@link ResilientBenchmark} is what reading the system clock costs the pipeline. The rate limiter
 * never refills under a frozen clock, but starts with more permits than a run can take.
 */
public class ResilientFrozenClockBenchmark extends ResilientBenchmark {

    private static final Clock FROZEN = new Clock() {
        @Override
        public long nanoTime() {
            return 0L;
        }

        @Override
        public long currentTimeMillis() {
            return 0L;
        }
    };

    @Override
    protected ResilienceRuntime createRuntime() {
        return ResilienceRuntime.builder().clock(FROZEN).build();
    }
}
