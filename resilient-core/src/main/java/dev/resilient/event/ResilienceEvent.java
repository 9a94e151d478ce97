package dev.resilient.event;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * One thing that happened in a named pipeline. Logging, metrics, alerting, aggregation and the
 * actuator's recent-events buffer are all listeners of these events. Fields that do not apply to an
 * event's type are {@code null} (objects) or {@code 0} (numbers).
 *
 * @param type what happened
 * @param instance the pipeline instance's name
 * @param timestampMillis wall-clock time of the event
 * @param source the step that emitted it, e.g. {@code retry}, {@code circuitBreaker}
 * @param attempt the attempt number, starting at 1, or 0 when not tied to an attempt
 * @param elapsed time since the call (or attempt) started
 * @param delay the wait before the next attempt (RETRY) or until a permit frees (REJECTED)
 * @param failure the failure involved
 * @param result the call's result (SUCCESS, FALLBACK)
 * @param arguments the call's arguments, as given to the pipeline (may be {@code null})
 * @param detail a short free-form detail, e.g. {@code CLOSED->OPEN} for a state change
 */
public record ResilienceEvent(
        EventType type,
        String instance,
        long timestampMillis,
        @Nullable String source,
        int attempt,
        @Nullable Duration elapsed,
        @Nullable Duration delay,
        @Nullable Throwable failure,
        @Nullable Object result,
        Object @Nullable [] arguments,
        @Nullable String detail) {

    /** A builder, for emitters that fill only some fields. */
    public static Builder builder(EventType type, String instance, long timestampMillis) {
        return new Builder(type, instance, timestampMillis);
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(64).append(type).append(' ').append(instance);
        if (source != null) {
            text.append(" source=").append(source);
        }
        if (attempt > 0) {
            text.append(" attempt=").append(attempt);
        }
        if (elapsed != null) {
            text.append(" elapsed=").append(elapsed.toMillis()).append("ms");
        }
        if (delay != null) {
            text.append(" delay=").append(delay.toMillis()).append("ms");
        }
        if (failure != null) {
            text.append(" failure=").append(failure.getClass().getName());
        }
        if (detail != null) {
            text.append(" detail=").append(detail);
        }
        return text.toString();
    }

    /** Builds a {@link ResilienceEvent}. */
    public static final class Builder {
        private final EventType type;
        private final String instance;
        private final long timestampMillis;
        private @Nullable String source;
        private int attempt;
        private @Nullable Duration elapsed;
        private @Nullable Duration delay;
        private @Nullable Throwable failure;
        private @Nullable Object result;
        private Object @Nullable [] arguments;
        private @Nullable String detail;

        private Builder(EventType type, String instance, long timestampMillis) {
            this.type = type;
            this.instance = instance;
            this.timestampMillis = timestampMillis;
        }

        public Builder source(@Nullable String source) {
            this.source = source;
            return this;
        }

        public Builder attempt(int attempt) {
            this.attempt = attempt;
            return this;
        }

        public Builder elapsed(@Nullable Duration elapsed) {
            this.elapsed = elapsed;
            return this;
        }

        public Builder elapsedNanos(long elapsedNanos) {
            this.elapsed = Duration.ofNanos(elapsedNanos);
            return this;
        }

        public Builder delay(@Nullable Duration delay) {
            this.delay = delay;
            return this;
        }

        public Builder failure(@Nullable Throwable failure) {
            this.failure = failure;
            return this;
        }

        public Builder result(@Nullable Object result) {
            this.result = result;
            return this;
        }

        public Builder arguments(Object @Nullable [] arguments) {
            this.arguments = arguments;
            return this;
        }

        public Builder detail(@Nullable String detail) {
            this.detail = detail;
            return this;
        }

        public ResilienceEvent build() {
            return new ResilienceEvent(
                    type,
                    instance,
                    timestampMillis,
                    source,
                    attempt,
                    elapsed,
                    delay,
                    failure,
                    result,
                    arguments,
                    detail);
        }
    }
}
