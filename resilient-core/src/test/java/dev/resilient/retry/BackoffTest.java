package dev.resilient.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BackoffTest {

    private static final long BASE = Duration.ofMillis(100).toNanos();
    private static final long MAX = Duration.ofSeconds(30).toNanos();

    @Test
    void fixedIsAlwaysTheBase() {
        for (int n = 1; n <= 50; n++) {
            assertThat(Backoff.fixed().delayNanos(n, BASE, 2.0, MAX)).isEqualTo(BASE);
        }
        assertThat(Backoff.fixed().delayNanos(1, MAX * 2, 2.0, MAX)).isEqualTo(MAX);
    }

    @Test
    void linearIsBaseTimesN() {
        for (int n = 1; n <= 300; n++) {
            assertThat(Backoff.linear().delayNanos(n, BASE, 2.0, MAX)).isEqualTo(Math.min(BASE * n, MAX));
        }
        assertThat(Backoff.linear().delayNanos(3, BASE, 2.0, MAX))
                .isEqualTo(Duration.ofMillis(300).toNanos());
    }

    @Test
    void exponentialIsBaseTimesMultiplierToTheNMinusOne() {
        long[] expectedMillis = {100, 200, 400, 800, 1600, 3200, 6400, 12800, 25600, 30000, 30000};
        for (int n = 1; n <= expectedMillis.length; n++) {
            assertThat(Backoff.exponential().delayNanos(n, BASE, 2.0, MAX))
                    .as("retry %d", n)
                    .isEqualTo(Duration.ofMillis(expectedMillis[n - 1]).toNanos());
        }
        for (int n = 1; n <= 20; n++) {
            long expected = (long) Math.min(BASE * Math.pow(1.5, n - 1), MAX);
            assertThat(Backoff.exponential().delayNanos(n, BASE, 1.5, MAX)).isEqualTo(expected);
        }
        assertThat(Backoff.exponential().delayNanos(7, BASE, 1.0, MAX)).isEqualTo(BASE);
    }

    @Test
    void fibonacciIsBaseTimesFib() {
        long[] fib = {1, 1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 144, 233};
        for (int n = 1; n <= fib.length; n++) {
            assertThat(Backoff.fibonacci().delayNanos(n, BASE, 2.0, MAX))
                    .as("retry %d", n)
                    .isEqualTo(Math.min(BASE * fib[n - 1], MAX));
        }
        assertThat(Backoff.fibonacci().delayNanos(5, BASE, 2.0, MAX))
                .isEqualTo(Duration.ofMillis(500).toNanos());
    }

    @ParameterizedTest
    @ValueSource(ints = {64, 93, 1_000, 1_000_000, Integer.MAX_VALUE})
    void hugeRetryNumbersSaturateAtTheCapWithoutOverflow(int n) {
        long hugeMax = Long.MAX_VALUE;
        for (Backoff backoff : new Backoff[] {Backoff.linear(), Backoff.exponential(), Backoff.fibonacci()}) {
            long expected = backoff == Backoff.linear() ? Math.min(MAX, BASE * n) : MAX;
            assertThat(backoff.delayNanos(n, BASE, 2.0, MAX)).as(backoff.name()).isEqualTo(expected);
            assertThat(backoff.delayNanos(n, 1, 10.0, hugeMax))
                    .as(backoff.name())
                    .isPositive();
        }
        assertThat(Backoff.exponential().delayNanos(n, BASE, 2.0, hugeMax)).isEqualTo(hugeMax);
        assertThat(Backoff.fibonacci().delayNanos(n, BASE, 2.0, hugeMax)).isEqualTo(hugeMax);
        if (n >= 93) { // fib(93) is the first Fibonacci number above Long.MAX_VALUE
            assertThat(Backoff.fibonacci().delayNanos(n, 1, 2.0, hugeMax)).isEqualTo(hugeMax);
        }
        assertThat(Backoff.fibonacci().delayNanos(92, 1, 2.0, hugeMax)).isEqualTo(7540113804746346429L);
        assertThat(Backoff.linear().delayNanos(n, Long.MAX_VALUE / 2, 2.0, hugeMax))
                .isEqualTo(hugeMax);
    }

    @Test
    void zeroBaseMeansNoWait() {
        for (Backoff backoff :
                new Backoff[] {Backoff.fixed(), Backoff.linear(), Backoff.exponential(), Backoff.fibonacci()}) {
            assertThat(backoff.delayNanos(10, 0, 2.0, MAX)).isZero();
        }
    }

    @Test
    void customUsesTheFunctionCappedAndSafely() {
        Backoff custom = Backoff.custom(n -> Duration.ofSeconds(n * 10L));
        assertThat(custom.delayNanos(1, BASE, 2.0, MAX))
                .isEqualTo(Duration.ofSeconds(10).toNanos());
        assertThat(custom.delayNanos(2, BASE, 2.0, MAX))
                .isEqualTo(Duration.ofSeconds(20).toNanos());
        assertThat(custom.delayNanos(4, BASE, 2.0, MAX)).isEqualTo(MAX);
        assertThat(Backoff.custom(n -> Duration.ofSeconds(Long.MAX_VALUE)).delayNanos(1, BASE, 2.0, MAX))
                .isEqualTo(MAX);
        assertThat(Backoff.custom(n -> null).delayNanos(1, BASE, 2.0, MAX)).isZero();
        assertThat(Backoff.custom(n -> Duration.ofSeconds(-1)).delayNanos(1, BASE, 2.0, MAX))
                .isZero();
        assertThat(Backoff.custom(n -> {
                            throw new IllegalStateException("bug");
                        })
                        .delayNanos(1, BASE, 2.0, MAX))
                .isEqualTo(BASE);
        assertThat(custom.name()).isEqualTo("custom");
    }

    @Test
    void namedBackoffs() {
        assertThat(Backoff.of("Exponential")).isSameAs(Backoff.exponential());
        assertThat(Backoff.of(" fixed ")).isSameAs(Backoff.fixed());
        assertThat(Backoff.of("linear").name()).isEqualTo("linear");
        assertThat(Backoff.of("fibonacci").toString()).isEqualTo("fibonacci");
        assertThatThrownBy(() -> Backoff.of("quadratic"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("backoff must be one of fixed, linear, exponential, fibonacci but was quadratic");
    }
}
