package dev.resilient;

/**
 * What a synchronous attempt under a timeout does when the call executor has no thread for it
 * (only a bounded {@linkplain CallExecutors#platform(int) platform pool} can be saturated).
 */
public enum SaturationPolicy {
    /**
     * The attempt is refused with {@code dev.resilient.timeout.ExecutorSaturatedException}, a
     * {@link CallNotPermittedException}: counted as a rejection, not retried by default. The default.
     */
    REJECT,
    /**
     * The attempt runs on the caller's own thread, without the timeout (nothing could interrupt it):
     * it takes as long as it takes and its outcome stands.
     */
    CALLER_RUNS
}
