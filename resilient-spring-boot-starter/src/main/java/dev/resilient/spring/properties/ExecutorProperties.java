package dev.resilient.spring.properties;

import dev.resilient.CallExecutors;
import dev.resilient.SaturationPolicy;
import org.jspecify.annotations.Nullable;

/** The call executor, what a synchronous attempt under a timeout runs on: resilient.executor.*. */
public class ExecutorProperties {

    /**
     * The kind of thread each timed attempt runs on: platform (a bounded pool) or virtual (a new
     * virtual thread per attempt, JDK 21+). Default: virtual on JDK 21+, else platform.
     */
    private CallExecutors.@Nullable Kind kind;

    /**
     * The most platform threads running timed attempts at once (kind platform only).
     */
    private int maxThreads = CallExecutors.DEFAULT_MAX_THREADS;

    /**
     * What an attempt does when every platform thread is busy: reject (fail with
     * ExecutorSaturatedException, counted as a rejection, not retried by default) or caller-runs
     * (run on the caller's thread, without the timeout).
     */
    private SaturationPolicy whenSaturated = SaturationPolicy.REJECT;

    public CallExecutors.@Nullable Kind getKind() {
        return this.kind;
    }

    public void setKind(CallExecutors.@Nullable Kind kind) {
        this.kind = kind;
    }

    public int getMaxThreads() {
        return this.maxThreads;
    }

    public void setMaxThreads(int maxThreads) {
        this.maxThreads = maxThreads;
    }

    public SaturationPolicy getWhenSaturated() {
        return this.whenSaturated;
    }

    public void setWhenSaturated(SaturationPolicy whenSaturated) {
        this.whenSaturated = whenSaturated;
    }
}
