package dev.resilient.observation.aggregation;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * The errors of one kind within one window: same instance, exception type and message.
 *
 * @param instance the pipeline instance's name
 * @param exceptionType the failure's class name
 * @param message the failure's message, redacted and cut to 300 characters (may be {@code null})
 * @param count how many such errors the window saw
 * @param firstSeen when the first of them happened
 * @param lastSeen when the last of them happened
 * @param sampleStackTrace the formatted stack trace of the first of them
 */
public record ErrorGroup(
        String instance,
        String exceptionType,
        @Nullable String message,
        long count,
        Instant firstSeen,
        Instant lastSeen,
        String sampleStackTrace) {}
