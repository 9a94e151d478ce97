package dev.resilient.http;

import dev.resilient.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Parses an HTTP {@code Retry-After} header value (RFC 9110, section 10.2.3) into the wait it asks
 * for. Both forms are understood: delta-seconds ({@code 120}) and an HTTP-date, in the preferred
 * IMF-fixdate form ({@code Sun, 06 Nov 1994 08:49:37 GMT}) and the obsolete RFC 850
 * ({@code Sunday, 06-Nov-94 08:49:37 GMT}) and asctime ({@code Sun Nov  6 08:49:37 1994}) forms.
 * The day name is not checked. A date is taken relative to the wall time of the given clock.
 *
 * <p>The value comes from a server and is never trusted: {@code null}, blank, malformed or negative
 * values give an empty result, a date in the past gives {@link Duration#ZERO}, and anything longer
 * than the given maximum (including numbers too large for a {@code long}) is cut to that maximum.
 * The parser never throws on any header value.
 */
public final class RetryAfter {

    private static final DateTimeFormatter IMF_FIXDATE = new DateTimeFormatterBuilder()
            .parseCaseInsensitive()
            .appendPattern("d MMM yyyy HH:mm:ss")
            .optionalStart()
            .appendLiteral(' ')
            .appendLiteral("GMT")
            .optionalEnd()
            .toFormatter(Locale.US);

    private static final DateTimeFormatter ASCTIME = new DateTimeFormatterBuilder()
            .parseCaseInsensitive()
            .appendPattern("MMM d HH:mm:ss yyyy")
            .toFormatter(Locale.US);

    private static final int MAX_DATE_LENGTH = 100;

    private RetryAfter() {}

    /**
     * The wait {@code value} asks for, relative to {@code clock}'s wall time, between zero and
     * {@code max}; empty when the value is missing or cannot be understood.
     */
    public static Optional<Duration> parse(@Nullable String value, Clock clock, Duration max) {
        Objects.requireNonNull(clock, "clock");
        return parse(value, Instant.ofEpochMilli(clock.currentTimeMillis()), max);
    }

    /**
     * The wait {@code value} asks for, relative to {@code now}, between zero and {@code max}; empty
     * when the value is missing or cannot be understood.
     *
     * @throws IllegalArgumentException when {@code max} is negative
     */
    public static Optional<Duration> parse(@Nullable String value, Instant now, Duration max) {
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(max, "max");
        if (max.isNegative()) {
            throw new IllegalArgumentException("max must be >= 0 but was " + max);
        }
        if (value == null) {
            return Optional.empty();
        }
        String text = value.strip();
        if (text.isEmpty()) {
            return Optional.empty();
        }
        try {
            if (isDigits(text)) {
                return Optional.of(deltaSeconds(text, max));
            }
            if (text.length() > MAX_DATE_LENGTH) {
                return Optional.empty();
            }
            Instant date = parseDate(text, now);
            if (date == null) {
                return Optional.empty();
            }
            Duration wait = Duration.between(now, date);
            if (wait.isNegative()) {
                return Optional.of(Duration.ZERO);
            }
            return Optional.of(wait.compareTo(max) > 0 ? max : wait);
        } catch (DateTimeException | ArithmeticException | IllegalArgumentException e) {
            return Optional.empty();
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

    private static Duration deltaSeconds(String digits, Duration max) {
        int start = 0;
        while (start < digits.length() - 1 && digits.charAt(start) == '0') {
            start++;
        }
        String significant = digits.substring(start);
        if (significant.length() > 18) {
            return max;
        }
        Duration wait = Duration.ofSeconds(Long.parseLong(significant));
        return wait.compareTo(max) > 0 ? max : wait;
    }

    /** The date in one of the three HTTP-date forms, or {@code null}. */
    private static @Nullable Instant parseDate(String text, Instant now) {
        String normalized = text.replaceAll("\\s+", " ");
        int comma = normalized.indexOf(',');
        if (comma >= 0) {
            String rest = normalized.substring(comma + 1).strip();
            if (rest.indexOf('-') > 0) {
                return parseRfc850(rest, now);
            }
            return LocalDateTime.parse(rest, IMF_FIXDATE).toInstant(ZoneOffset.UTC);
        }
        int space = normalized.indexOf(' ');
        if (space < 0) {
            return null;
        }
        return LocalDateTime.parse(normalized.substring(space + 1), ASCTIME).toInstant(ZoneOffset.UTC);
    }

    /**
     * RFC 850 dates have a two-digit year; RFC 9110 reads one that looks more than 50 years in the
     * future as the most recent past year with those digits.
     */
    private static Instant parseRfc850(String rest, Instant now) {
        int thisYear = now.atZone(ZoneOffset.UTC).getYear();
        DateTimeFormatter rfc850 = new DateTimeFormatterBuilder()
                .parseCaseInsensitive()
                .appendPattern("d-MMM-")
                .appendValueReduced(ChronoField.YEAR, 2, 2, LocalDate.of(thisYear - 49, 1, 1))
                .appendPattern(" HH:mm:ss")
                .optionalStart()
                .appendLiteral(' ')
                .appendLiteral("GMT")
                .optionalEnd()
                .toFormatter(Locale.US);
        return LocalDateTime.parse(rest, rfc850).toInstant(ZoneOffset.UTC);
    }
}
