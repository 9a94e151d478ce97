package dev.resilient.circuitbreaker.internal;

/** A snapshot of a sliding window: calls, failures and slow calls in it. */
public record WindowCounts(long calls, long failures, long slow) {

    public static final WindowCounts EMPTY = new WindowCounts(0, 0, 0);

    /** Failures in percent of the calls; 0 when empty. */
    public double failureRate() {
        return calls == 0 ? 0.0 : failures * 100.0 / calls;
    }

    /** Slow calls in percent of the calls; 0 when empty. */
    public double slowCallRate() {
        return calls == 0 ? 0.0 : slow * 100.0 / calls;
    }
}
