package dev.resilient.spring.properties;

/** How a {@code @Resilient} method returning a Reactor {@code Flux} delivers its elements. */
public enum FluxMode {
    /**
     * Each attempt's elements are collected and emitted once the attempt succeeded: a retry never
     * replays part of a stream, and every failure is seen by retry, breaker and fallback. The default.
     */
    BUFFER,
    /**
     * Elements are emitted as they come; the call is settled by the first element (or the end of an
     * empty stream): a failure before it is retried (and may fall back), a failure after it goes to
     * the subscriber as it is, never retried, since the elements already emitted cannot be taken back.
     */
    STREAM
}
