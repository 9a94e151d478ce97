package dev.resilient.retry;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * Reads an HTTP {@code Retry-After} header value, for use in a {@code retryAfterFromResult} or
 * {@code retryAfterFromFailure} extractor. Accepts both forms of RFC 9110: delta-seconds
 * ({@code 120}) and an HTTP-date ({@code Wed, 21 Oct 2015 07:28:00 GMT}). The value is never trusted:
 * garbage gives {@code null}, a date in the past gives zero, and the retry caps the result at its
 * {@code maxRetryAfter}.
 */
public final class RetryAfter {

    private static final long MAX_SECONDS = Long.MAX_VALUE / 1_000_000_000L; // fits a Duration's nanos

    private RetryAfter() {
    }

    /**
     * The wait {@code value} asks for, or {@code null} when it is absent or malformed.
     *
     * @param value the header value
     * @param nowMillis the current wall-clock time, to resolve an HTTP-date (the runtime clock's
     *     {@code currentTimeMillis()})
     */
    public static Duration parse(String value, long nowMillis) {
        if (value == null) {
            return null;
        }
        String text = value.trim();
        if (text.isEmpty()) {
            return null;
        }
        if (isDigits(text)) {
            if (text.length() > 18) {
                return Duration.ofSeconds(MAX_SECONDS);
            }
            return Duration.ofSeconds(Math.min(Long.parseLong(text), MAX_SECONDS));
        }
        try {
            long epochMillis = ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant().toEpochMilli();
            return Duration.ofMillis(Math.max(0, epochMillis - nowMillis));
        } catch (DateTimeParseException | ArithmeticException e) {
            return null;
        }
    }

    private static boolean isDigits(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }
}
