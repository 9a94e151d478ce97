package dev.resilient.retry;

import dev.resilient.ResilienceException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Every attempt of a call failed with a retryable failure. The cause is the last attempt's failure;
 * the earlier attempts' failures are attached as suppressed exceptions, oldest first (each distinct
 * failure once, at most {@link #MAX_SUPPRESSED}).
 *
 * <p>Not thrown when the retry stopped early because the failure is not retryable (that failure is
 * thrown as is), because the retry budget is spent (the last failure is thrown as is), or when the
 * last attempt returned a result that {@code retryOnResult} matches (that result is returned).
 *
 * <p>With {@link OnExhausted#LAST_FAILURE} (the Spring Boot starter's default) the last failure is
 * thrown instead, and an instance of this class without a cause is attached to it as suppressed.
 * When an attempt after failed ones is refused by the library itself (the circuit opened during the
 * retries), the rejection is thrown with such an instance attached, carrying the method's last
 * failure. {@link #find(Throwable)} reaches it in every case.
 */
public class RetryExhaustedException extends ResilienceException {

    private static final long serialVersionUID = 1L;

    /** The most earlier failures attached as suppressed. */
    public static final int MAX_SUPPRESSED = 32;

    private final int attempts;
    private final Throwable lastFailure;

    /**
     * @param instance the retry instance's name
     * @param attempts the number of attempts made
     * @param lastFailure the last attempt's failure (the cause)
     * @param earlierFailures the earlier attempts' failures, oldest first
     */
    public RetryExhaustedException(
            String instance, int attempts, Throwable lastFailure, @Nullable List<? extends Throwable> earlierFailures) {
        this(instance, attempts, lastFailure, earlierFailures, true);
    }

    private RetryExhaustedException(
            String instance,
            int attempts,
            Throwable lastFailure,
            @Nullable List<? extends Throwable> earlierFailures,
            boolean withCause) {
        super(instance, message(instance, attempts, lastFailure), withCause ? lastFailure : null);
        this.attempts = attempts;
        this.lastFailure = lastFailure;
        if (earlierFailures != null) {
            int added = 0;
            for (Throwable earlier : earlierFailures) {
                if (added == MAX_SUPPRESSED) {
                    break;
                }
                if (earlier != null && earlier != lastFailure && earlier != this && !alreadySuppressed(earlier)) {
                    addSuppressed(earlier);
                    added++;
                }
            }
        }
    }

    /**
     * Attaches the retry's record to {@code thrown} (the last failure, or a rejection that ended the
     * retries) as a suppressed {@code RetryExhaustedException} without a cause, and returns
     * {@code thrown}. Nothing is attached when {@code thrown} already carries one (an exception
     * instance thrown again and again) or does not allow suppression.
     *
     * @param lastFailure the last failure of the method itself (may be {@code thrown})
     */
    public static <X extends Throwable> X attach(
            X thrown,
            String instance,
            int attempts,
            Throwable lastFailure,
            @Nullable List<? extends Throwable> earlierFailures) {
        for (Throwable suppressed : thrown.getSuppressed()) {
            if (suppressed instanceof RetryExhaustedException) {
                return thrown;
            }
        }
        thrown.addSuppressed(new RetryExhaustedException(instance, attempts, lastFailure, earlierFailures, false));
        return thrown;
    }

    /**
     * The retry record of a failure, whichever way it was thrown: {@code failure} itself, a cause of
     * it, or one attached as suppressed to either. Empty when the call was not retried.
     */
    public static Optional<RetryExhaustedException> find(Throwable failure) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable t = failure; t != null && seen.add(t); t = t.getCause()) {
            if (t instanceof RetryExhaustedException exhausted) {
                return Optional.of(exhausted);
            }
            for (Throwable suppressed : t.getSuppressed()) {
                if (suppressed instanceof RetryExhaustedException exhausted) {
                    return Optional.of(exhausted);
                }
            }
        }
        return Optional.empty();
    }

    /**
     * The failure a call is classified by: for a {@code RetryExhaustedException} wrapper its last
     * failure, otherwise {@code failure} itself. Fallback selection, {@code suppress}, error
     * mappers, meters and logs use it.
     */
    public static Throwable lastFailureOf(Throwable failure) {
        if (failure instanceof RetryExhaustedException exhausted && exhausted.lastFailure() != null) {
            return exhausted.lastFailure();
        }
        return failure;
    }

    /** The number of attempts made, the first one included. */
    public int attempts() {
        return attempts;
    }

    /** The last failure of the method (the cause, when this is the thrown wrapper). */
    public Throwable lastFailure() {
        return lastFailure;
    }

    /** Every failure remembered, oldest first: the earlier ones, then the last one. */
    public List<Throwable> failures() {
        List<Throwable> all = new ArrayList<>(List.of(getSuppressed()));
        if (lastFailure != null) {
            all.add(lastFailure);
        }
        return Collections.unmodifiableList(all);
    }

    private boolean alreadySuppressed(Throwable candidate) {
        for (Throwable suppressed : getSuppressed()) {
            if (suppressed == candidate) {
                return true;
            }
        }
        return false;
    }

    private static String message(String instance, int attempts, Throwable lastFailure) {
        return "Retry '" + instance + "' exhausted after " + attempts + (attempts == 1 ? " attempt" : " attempts")
                + (lastFailure == null ? "" : "; last failure: " + lastFailure);
    }
}
