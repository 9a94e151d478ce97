package dev.resilient.step;

import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of one pipeline instance, updated without allocation: the pipeline counts calls and how
 * they ended, the steps count retries and fallbacks. A finished call is counted once in
 * {@code calls} and once in exactly one of {@code successes}, {@code failures}, {@code fallbacks}
 * or {@code rejections} (a rejected call whose fallback answered is a fallback). Snapshots taken
 * while calls are in flight may be off by those calls.
 */
public final class PipelineStats {

    private final LongAdder calls = new LongAdder();
    private final LongAdder returned = new LongAdder();
    private final LongAdder failures = new LongAdder();
    private final LongAdder retries = new LongAdder();
    private final LongAdder rejections = new LongAdder();
    private final LongAdder fallbacks = new LongAdder();
    private final LongAdder ignored = new LongAdder();

    public void recordCall() {
        calls.increment();
    }

    /** The call returned normally, by itself or through a fallback. */
    public void recordReturn() {
        returned.increment();
    }

    /** A failure other than a rejection escaped the pipeline. */
    public void recordFailure() {
        failures.increment();
    }

    public void recordRetry() {
        retries.increment();
    }

    /** A rejection ({@link dev.resilient.CallNotPermittedException}) escaped the pipeline. */
    public void recordRejection() {
        rejections.increment();
    }

    /** A fallback, recovery or suppression produced the call's result. */
    public void recordFallback() {
        fallbacks.increment();
    }

    public void recordIgnored() {
        ignored.increment();
    }

    public long calls() {
        return calls.sum();
    }

    /** Calls that returned normally without a fallback. */
    public long successes() {
        return Math.max(0, returned.sum() - fallbacks.sum());
    }

    public long failures() {
        return failures.sum();
    }

    public long retries() {
        return retries.sum();
    }

    public long rejections() {
        return rejections.sum();
    }

    public long fallbacks() {
        return fallbacks.sum();
    }

    public long ignored() {
        return ignored.sum();
    }

    /** Successes (fallbacks included) over finished calls, 1.0 when there were none. */
    public double successRate() {
        long ok = successes() + fallbacks();
        long done = ok + failures() + rejections();
        return done == 0 ? 1.0 : (double) ok / done;
    }

    /** Sets every counter back to zero. */
    public void reset() {
        calls.reset();
        returned.reset();
        failures.reset();
        retries.reset();
        rejections.reset();
        fallbacks.reset();
        ignored.reset();
    }
}
