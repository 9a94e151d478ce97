package dev.resilient.sample.simulator;

/**
 * How a simulated downstream service answers. Every field is optional in the JSON of
 * {@code POST /simulator}; a missing one takes its healthy default.
 *
 * @param failureRate share of requests that fail, 0 to 1 (default 0)
 * @param status status of a failing answer, 400 to 599 (default 503)
 * @param retryAfterSeconds {@code Retry-After} header of a failing answer, in seconds (default none)
 * @param latencyMs delay before every answer, failing or not, 0 to 120000 (default 0)
 * @param failNext the next this many requests fail whatever the failure rate (default 0)
 */
public record Behaviour(Double failureRate, Integer status, Integer retryAfterSeconds, Long latencyMs,
        Integer failNext) {

    static final long MAX_LATENCY_MS = 120_000;

    /** Answers every request at once with success. */
    public static Behaviour healthy() {
        return new Behaviour(0.0, 503, null, 0L, 0);
    }

    /** This behaviour with the defaults filled in, checked. */
    Behaviour complete() {
        Behaviour b = new Behaviour(
                failureRate == null ? 0.0 : failureRate,
                status == null ? 503 : status,
                retryAfterSeconds,
                latencyMs == null ? 0L : latencyMs,
                failNext == null ? 0 : failNext);
        if (!(b.failureRate >= 0.0 && b.failureRate <= 1.0)) {
            throw new IllegalArgumentException("failureRate must be between 0 and 1 but was " + failureRate);
        }
        if (b.status < 400 || b.status > 599) {
            throw new IllegalArgumentException("status must be between 400 and 599 but was " + status);
        }
        if (b.retryAfterSeconds != null && b.retryAfterSeconds < 0) {
            throw new IllegalArgumentException("retryAfterSeconds must be >= 0 but was " + retryAfterSeconds);
        }
        if (b.latencyMs < 0 || b.latencyMs > MAX_LATENCY_MS) {
            throw new IllegalArgumentException(
                    "latencyMs must be between 0 and " + MAX_LATENCY_MS + " but was " + latencyMs);
        }
        if (b.failNext < 0) {
            throw new IllegalArgumentException("failNext must be >= 0 but was " + failNext);
        }
        return b;
    }
}
