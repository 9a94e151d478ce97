package dev.resilient.event;

/** What happened in a pipeline. */
public enum EventType {
    /** An attempt of the call is about to run (the first one too). */
    ATTEMPT,
    /** An attempt failed and another will follow after {@link ResilienceEvent#delay()}. */
    RETRY,
    /** The call (after any retries) returned normally. */
    SUCCESS,
    /** The call failed for good (after any retries); the failure is propagated or handled outer. */
    FAILURE,
    /** Retries ran out; the call failed with a {@code RetryExhaustedException}. */
    RETRIES_EXHAUSTED,
    /** A call was refused without running: open circuit, rate limit, full bulkhead, error limit. */
    REJECTED,
    /** A circuit breaker changed state. */
    STATE_CHANGE,
    /** A fallback, recovery or suppression produced the result instead of the call. */
    FALLBACK,
    /** A call took longer than the slow-call threshold. */
    SLOW_CALL,
    /** An attempt ran over its time limit and was interrupted or cancelled. */
    TIMEOUT,
    /** A failure matched {@code ignoreWhen} and passed through uncounted. */
    IGNORED,
    /** A call was skipped because the failure cache remembers that it failed. */
    FAILURE_CACHE_HIT,
    /** An alert was sent. */
    ALERT
}
