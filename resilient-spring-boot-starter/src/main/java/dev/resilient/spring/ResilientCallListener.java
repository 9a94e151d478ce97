package dev.resilient.spring;

import dev.resilient.observation.CallTiming;
import dev.resilient.retry.RetryAttempt;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Told about the calls of every {@code @Resilient} method (and HTTP client pipeline): define one or
 * more as beans. The Spring form of the seed's retry callbacks (on retry, on success and on failure
 * with the attempt count and the elapsed time) and of its performance callback (duration and outcome
 * of every call), and the place to compute custom metrics from a call's result and duration.
 *
 * <p>{@code onRetry}, {@code onSuccess} and {@code onFailure} come from the retry of instances that
 * retry ({@code retry.max-attempts} above 1); {@link #onCall} comes for every call. A listener that
 * throws is logged and ignored; the call is not affected. Listeners run on the thread that ends the
 * attempt or the call, so keep them short.
 */
public interface ResilientCallListener {

    /**
     * An attempt failed (or returned a retried result) and the call waits before the next one.
     *
     * @param instance the instance name
     * @param attempt the attempt that ended: its number, failure or result, the elapsed time and the wait
     */
    default void onRetry(String instance, RetryAttempt attempt) {}

    /**
     * The call returned a result that is not retried.
     *
     * @param instance the instance name
     * @param result what the method returned (may be null)
     * @param attempts the attempts made, the first one included
     * @param elapsed the time since the first attempt started
     */
    default void onSuccess(String instance, @Nullable Object result, int attempts, Duration elapsed) {}

    /**
     * The call failed for good: a failure that is not retried, or the last attempt's.
     *
     * @param instance the instance name
     * @param failure the last failure
     * @param attempts the attempts made
     * @param elapsed the time since the first attempt started
     */
    default void onFailure(String instance, Throwable failure, int attempts, Duration elapsed) {}

    /**
     * A call ended (the performance callback): its duration, outcome, failure and whether it was
     * slower than {@code slow-threshold}.
     */
    default void onCall(CallTiming timing) {}
}
