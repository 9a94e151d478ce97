package dev.resilient.observation;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * How long one call took and how it ended, given to the performance callback.
 *
 * @param instance the pipeline instance's name
 * @param duration the time from entering to leaving the observation step (all attempts and waits)
 * @param outcome how the call ended
 * @param failure the failure, or {@code null} on success
 * @param slow whether the duration exceeded the slow-call threshold
 */
public record CallTiming(
        String instance,
        Duration duration,
        Outcome outcome,
        @Nullable Throwable failure,
        boolean slow) {

    /** How a call ended. */
    public enum Outcome {
        /** Returned normally (possibly through a fallback inside the observation step). */
        SUCCESS,
        /** Failed. */
        FAILURE,
        /** Refused without running ({@link dev.resilient.CallNotPermittedException}). */
        REJECTED
    }
}
