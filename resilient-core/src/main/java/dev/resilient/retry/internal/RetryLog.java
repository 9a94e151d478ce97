package dev.resilient.retry.internal;

import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs user code of a retry (callbacks, predicates, extractors) so that its failures are logged, never thrown. */
public final class RetryLog {

    private static final Logger log = LoggerFactory.getLogger("dev.resilient.retry");

    private RetryLog() {}

    /** A {@code retryIf} / {@code retryOnResult} predicate threw; the outcome is not retried. */
    public static void predicateFailed(String predicate, @Nullable Object subject, RuntimeException e) {
        log.warn("Retry predicate {} failed on {}; not retrying", predicate, describe(subject), e);
    }

    /** A Retry-After extractor threw; the computed backoff is used. */
    public static void extractorFailed(String extractor, @Nullable Object subject, RuntimeException e) {
        log.warn("Retry-After extractor {} failed on {}; using the computed delay", extractor, describe(subject), e);
    }

    /** A server's Retry-After hint was longer than {@code maxRetryAfter} and was cut to it. */
    public static void retryAfterClamped(java.time.Duration hint, java.time.Duration cap) {
        log.debug("Retry-After hint of {} exceeds maxRetryAfter {}; waiting {}", hint, cap, cap);
    }

    /** Calls {@code callback} with {@code value}; logs and drops what it throws. */
    public static <T> void invoke(String name, Consumer<T> callback, T value) {
        try {
            callback.accept(value);
        } catch (RuntimeException | LinkageError e) {
            log.warn("Retry callback {} failed; ignored", name, e);
        }
    }

    private static String describe(@Nullable Object subject) {
        if (subject instanceof Throwable) {
            return subject.getClass().getName();
        }
        return subject == null ? "null" : subject.getClass().getName() + " result";
    }
}
