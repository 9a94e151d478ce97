package dev.resilient.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.resilient.time.ManualTime;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class RetryAfterTest {

    private static final Instant NOW = Instant.parse("1994-11-06T08:49:00Z");
    private static final Duration MAX = Duration.ofMinutes(10);

    private static Duration parse(String value) {
        return RetryAfter.parse(value, NOW, MAX).orElse(null);
    }

    @Test
    void deltaSeconds() {
        assertThat(parse("120")).isEqualTo(Duration.ofSeconds(120));
        assertThat(parse("0")).isZero();
        assertThat(parse(" 7 ")).isEqualTo(Duration.ofSeconds(7));
        assertThat(parse("0005")).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void hugeDeltaSecondsAreCutToTheMaximum() {
        assertThat(parse("600")).isEqualTo(MAX);
        assertThat(parse("601")).isEqualTo(MAX);
        assertThat(parse("9223372036854775807")).isEqualTo(MAX);
        assertThat(parse("99999999999999999999")).isEqualTo(MAX);
        assertThat(parse("00000000000000000000000000000001")).isEqualTo(Duration.ofSeconds(1));
        assertThat(parse("9".repeat(500))).isEqualTo(MAX);
        assertThat(parse("Sun, 06 Nov 1994 08:49:37 GMT" + " ".repeat(500) + "x"))
                .isNull();
    }

    @Test
    void imfFixdate() {
        assertThat(parse("Sun, 06 Nov 1994 08:49:37 GMT")).isEqualTo(Duration.ofSeconds(37));
        assertThat(parse("sun, 06 nov 1994 08:51:00 gmt")).isEqualTo(Duration.ofMinutes(2));
        assertThat(parse("Mon, 06 Nov 1994 08:49:37 GMT"))
                .as("the day name is not checked")
                .isEqualTo(Duration.ofSeconds(37));
        assertThat(parse("Sun, 06 Nov 1994 09:49:37 GMT"))
                .as("cut to the maximum")
                .isEqualTo(MAX);
    }

    @Test
    void obsoleteRfc850AndAsctimeDates() {
        assertThat(parse("Sunday, 06-Nov-94 08:49:37 GMT")).isEqualTo(Duration.ofSeconds(37));
        assertThat(parse("Sun Nov  6 08:49:37 1994")).isEqualTo(Duration.ofSeconds(37));
        assertThat(parse("Sun Nov 16 08:49:37 1994")).isEqualTo(MAX);
    }

    @Test
    void rfc850YearsMoreThanFiftyYearsAheadAreInThePast() {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        // "77" would be 2077, more than 50 years ahead: it is 1977, in the past
        assertThat(RetryAfter.parse("Saturday, 01-Jan-77 00:00:00 GMT", now, MAX))
                .contains(Duration.ZERO);
        assertThat(RetryAfter.parse("Thursday, 01-Jan-26 00:00:30 GMT", now, MAX))
                .contains(Duration.ofSeconds(30));
    }

    @Test
    void datesInThePastMeanNoWait() {
        assertThat(parse("Sat, 05 Nov 1994 08:49:37 GMT")).isZero();
        assertThat(parse("Thu, 01 Jan 1970 00:00:00 GMT")).isZero();
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(
            strings = {
                "",
                "   ",
                "-1",
                "-0",
                "+5",
                "1.5",
                "1e3",
                "soon",
                "0x10",
                "12 s",
                "٣",
                "Sun, 32 Nov 1994 08:49:37 GMT",
                "Sun, 06 Nov 1994 25:49:37 GMT",
                "Sun, 06 Foo 1994 08:49:37 GMT",
                "Sun, 06 Nov 1994 08:49:37 PST",
                "Sun,",
                ",",
                "Sun Nov",
                "Sunday, 06-Nov-1994x 08:49:37 GMT",
                "Sun, 06 Nov 99999999999 08:49:37 GMT"
            })
    void garbageIsIgnored(String value) {
        assertThat(RetryAfter.parse(value, NOW, MAX)).isEmpty();
    }

    @Test
    void relativeToTheClocksWallTime() {
        ManualTime time = new ManualTime(NOW.toEpochMilli());
        assertThat(RetryAfter.parse("Sun, 06 Nov 1994 08:49:37 GMT", time, MAX)).contains(Duration.ofSeconds(37));
        time.advance(Duration.ofSeconds(30));
        assertThat(RetryAfter.parse("Sun, 06 Nov 1994 08:49:37 GMT", time, MAX)).contains(Duration.ofSeconds(7));
    }

    @Test
    void aNegativeMaximumIsAnArgumentError() {
        assertThatThrownBy(() -> RetryAfter.parse("1", NOW, Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("max must be >= 0 but was PT-1S");
        assertThat(RetryAfter.parse("5", NOW, Duration.ZERO)).contains(Duration.ZERO);
    }
}
