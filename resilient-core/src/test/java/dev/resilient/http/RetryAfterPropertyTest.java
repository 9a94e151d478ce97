package dev.resilient.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;

/** Whatever a server sends, the parsed wait is never negative and never over the maximum. */
class RetryAfterPropertyTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final DateTimeFormatter IMF = DateTimeFormatter.ofPattern(
                    "EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US)
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter RFC850 = DateTimeFormatter.ofPattern(
                    "EEEE, dd-MMM-yy HH:mm:ss 'GMT'", Locale.US)
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter ASCTIME =
            DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.US).withZone(ZoneOffset.UTC);

    @Provide
    Arbitrary<String> headerValues() {
        Arbitrary<String> anyText = Arbitraries.strings().all().ofMaxLength(40);
        Arbitrary<String> headerish = Arbitraries.strings()
                .withChars("0123456789 -+,:.GMTSunNovaeFbJ")
                .ofMaxLength(40);
        Arbitrary<String> numbers = Arbitraries.longs().map(Object::toString);
        Arbitrary<String> bigNumbers = Arbitraries.bigIntegers()
                .between(java.math.BigInteger.ZERO, java.math.BigInteger.TEN.pow(30))
                .map(Object::toString);
        Arbitrary<String> dates = Arbitraries.longs()
                .between(-62_000_000_000L, 250_000_000_000L)
                .flatMap(seconds -> Arbitraries.of(IMF, RFC850, ASCTIME)
                        .map(format -> format.format(Instant.ofEpochSecond(seconds))));
        return Arbitraries.oneOf(anyText, headerish, numbers, bigNumbers, dates);
    }

    @Property(tries = 3000)
    void neverNegativeNeverOverTheMaximumNeverThrows(
            @ForAll("headerValues") String value, @ForAll @LongRange(min = 0, max = 100_000) long maxSeconds) {
        Duration max = Duration.ofSeconds(maxSeconds);
        Optional<Duration> wait = RetryAfter.parse(value, NOW, max);
        wait.ifPresent(duration -> {
            assertThat(duration.isNegative()).as("negative: %s", duration).isFalse();
            assertThat(duration).isLessThanOrEqualTo(max);
        });
    }

    @Property(tries = 1000)
    void deltaSecondsAreExactUpToTheMaximum(@ForAll @LongRange(min = 0) long seconds) {
        Duration max = Duration.ofHours(1);
        assertThat(RetryAfter.parse(Long.toString(seconds), NOW, max))
                .contains(seconds > 3600 ? max : Duration.ofSeconds(seconds));
        if (seconds > 0) {
            assertThat(RetryAfter.parse("-" + seconds, NOW, max)).isEmpty();
        }
    }

    @Property(tries = 1000)
    void datesInAllThreeFormsGiveTheWaitUntilThem(@ForAll @LongRange(min = -40_000_000, max = 40_000_000) long offset) {
        Duration max = Duration.ofDays(200);
        Instant date = NOW.plusSeconds(offset);
        Duration expected = offset <= 0
                ? Duration.ZERO
                : Duration.ofSeconds(offset).compareTo(max) > 0 ? max : Duration.ofSeconds(offset);
        for (DateTimeFormatter format : new DateTimeFormatter[] {IMF, RFC850, ASCTIME}) {
            assertThat(RetryAfter.parse(format.format(date), NOW, max))
                    .as(format.format(date))
                    .contains(expected);
        }
    }
}
