package dev.resilient.sample.simulator;

import java.util.Arrays;
import java.util.Locale;

/**
 * How a simulated downstream service answers. Every field is optional in the JSON of
 * {@code POST /simulator}; a missing one takes its healthy default.
 *
 * @param failureRate share of requests that fail, 0 to 1 (default 0)
 * @param status status of a failing answer, 400 to 599 (default 503)
 * @param retryAfterSeconds {@code Retry-After} header of a failing answer, in seconds (default none)
 * @param latencyMs delay before every answer, failing or not, 0 to 120000 (default 0)
 * @param failNext the next this many requests fail whatever the failure rate (default 0)
 * @param fault how a request fails: {@code status} (answer with {@code status}, the default),
 *     {@code stall} (hold the request {@code stallMs}, then answer with {@code status}),
 *     {@code reset} (close the connection without an answer) or {@code random} (each failing
 *     request picks one of: 500, stall, reset, 429 and 503, the last two with a {@code Retry-After}
 *     of {@code retryAfterSeconds}, or 1 s when unset)
 * @param stallMs how long a stalled request is held, 0 to 120000 (default 10000)
 * @param seed seeds the random choices (whether a request fails, which fault it gets), so a run
 *     can be repeated (default none: unseeded)
 */
public record Behaviour(
        Double failureRate,
        Integer status,
        Integer retryAfterSeconds,
        Long latencyMs,
        Integer failNext,
        String fault,
        Long stallMs,
        Long seed) {

    static final long MAX_LATENCY_MS = 120_000;

    static final long DEFAULT_STALL_MS = 10_000;

    /** Answers every request at once with success. */
    public static Behaviour healthy() {
        return new Behaviour(0.0, 503, null, 0L, 0, Fault.STATUS.json(), DEFAULT_STALL_MS, null);
    }

    /** This behaviour with the defaults filled in, checked. */
    Behaviour complete() {
        Behaviour b = new Behaviour(
                failureRate == null ? 0.0 : failureRate,
                status == null ? 503 : status,
                retryAfterSeconds,
                latencyMs == null ? 0L : latencyMs,
                failNext == null ? 0 : failNext,
                fault == null ? Fault.STATUS.json() : fault.trim().toLowerCase(Locale.ROOT),
                stallMs == null ? DEFAULT_STALL_MS : stallMs,
                seed);
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
        if (Fault.of(b.fault) == null) {
            throw new IllegalArgumentException("fault must be one of "
                    + Arrays.stream(Fault.values()).map(Fault::json).toList() + " but was " + fault);
        }
        if (b.stallMs < 0 || b.stallMs > MAX_LATENCY_MS) {
            throw new IllegalArgumentException(
                    "stallMs must be between 0 and " + MAX_LATENCY_MS + " but was " + stallMs);
        }
        return b;
    }

    /** How a failing request fails. */
    enum Fault {
        /** Answer with the configured status. */
        STATUS,
        /** Hold the request, then answer with the configured status. */
        STALL,
        /** Close the connection without an answer. */
        RESET,
        /** One of 500, stall, reset, 429 or 503 (with Retry-After), chosen at random per request. */
        RANDOM;

        String json() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Fault of(String json) {
            for (Fault fault : values()) {
                if (fault.json().equals(json)) {
                    return fault;
                }
            }
            return null;
        }
    }
}
