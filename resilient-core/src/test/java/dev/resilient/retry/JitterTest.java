package dev.resilient.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JitterTest {

    private static final int SAMPLES = 10_000;
    private static final long BASE = Duration.ofMillis(100).toNanos();
    private static final long DELAY = Duration.ofSeconds(1).toNanos();
    private static final long MAX = Duration.ofSeconds(30).toNanos();

    private final RandomGenerator random = new SplittableRandom(42);

    @Test
    void noneKeepsTheDelay() {
        for (int i = 0; i < 100; i++) {
            assertThat(Jitter.none().apply(DELAY, BASE, BASE, MAX, random)).isEqualTo(DELAY);
        }
    }

    @Test
    void fullIsUniformBetweenZeroAndTheDelay() {
        Stats stats = sample(() -> Jitter.full().apply(DELAY, BASE, BASE, MAX, random));
        assertThat(stats.min).isGreaterThanOrEqualTo(0);
        assertThat(stats.max).isLessThanOrEqualTo(DELAY);
        assertThat(stats.min).isLessThan(DELAY / 100);
        assertThat(stats.max).isGreaterThan(DELAY - DELAY / 100);
        assertThat(stats.mean()).isBetween(DELAY * 0.47, DELAY * 0.53);
    }

    @Test
    void equalIsHalfPlusUniformHalf() {
        Stats stats = sample(() -> Jitter.equal().apply(DELAY, BASE, BASE, MAX, random));
        assertThat(stats.min).isGreaterThanOrEqualTo(DELAY / 2);
        assertThat(stats.max).isLessThanOrEqualTo(DELAY);
        assertThat(stats.min).isLessThan(DELAY / 2 + DELAY / 100);
        assertThat(stats.max).isGreaterThan(DELAY - DELAY / 100);
        assertThat(stats.mean()).isBetween(DELAY * 0.73, DELAY * 0.77);
    }

    @Test
    void decorrelatedIsBetweenBaseAndThreeTimesThePreviousCapped() {
        long previous = Duration.ofMillis(500).toNanos();
        Stats stats = sample(() -> Jitter.decorrelated().apply(DELAY, previous, BASE, MAX, random));
        assertThat(stats.min).isGreaterThanOrEqualTo(BASE);
        assertThat(stats.max).isLessThanOrEqualTo(previous * 3);
        assertThat(stats.min).isLessThan(BASE + previous / 50);
        assertThat(stats.max).isGreaterThan(previous * 3 - previous / 50);

        long cap = Duration.ofMillis(600).toNanos();
        Stats capped = sample(() -> Jitter.decorrelated().apply(DELAY, previous, BASE, cap, random));
        assertThat(capped.max).isEqualTo(cap);
        assertThat(capped.min).isGreaterThanOrEqualTo(BASE);
    }

    @Test
    void decorrelatedChainStaysWithinBounds() {
        long previous = BASE;
        for (int i = 0; i < SAMPLES; i++) {
            long next = Jitter.decorrelated().apply(0, previous, BASE, MAX, random);
            assertThat(next).isBetween(BASE, Math.min(MAX, previous * 3));
            previous = next;
        }
        assertThat(Jitter.decorrelated().apply(0, Long.MAX_VALUE / 2, BASE, MAX, random))
                .isBetween(BASE, MAX);
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.01, 0.2, 0.5, 1.0})
    void ratioIsWithinPlusMinusTheRatio(double ratio) {
        Jitter jitter = Jitter.ratio(ratio);
        Stats stats = sample(() -> jitter.apply(DELAY, BASE, BASE, MAX, random));
        assertThat(stats.min).isGreaterThanOrEqualTo((long) Math.floor(DELAY * (1 - ratio)));
        assertThat(stats.max).isLessThanOrEqualTo((long) Math.ceil(DELAY * (1 + ratio)));
        assertThat(stats.max).isLessThanOrEqualTo(jitter.upperBoundNanos(DELAY, MAX));
        double spread = DELAY * ratio;
        assertThat((double) stats.min).isLessThan(DELAY - spread * 0.95);
        assertThat((double) stats.max).isGreaterThan(DELAY + spread * 0.95);
        assertThat(stats.mean()).isBetween(DELAY - spread * 0.05, DELAY + spread * 0.05);
        assertThat(jitter.name()).isEqualTo("ratio(" + ratio + ")");
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.0, -0.1, 1.01, Double.NaN})
    void ratioMustBeInZeroToOne(double ratio) {
        assertThatThrownBy(() -> Jitter.ratio(ratio))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("jitter ratio must be > 0 and <= 1 but was " + ratio);
    }

    @Test
    void jitterOfZeroDelayIsZero() {
        for (Jitter jitter : new Jitter[] {Jitter.none(), Jitter.full(), Jitter.equal(), Jitter.ratio(0.5)}) {
            assertThat(jitter.apply(0, 0, 0, MAX, random)).as(jitter.name()).isZero();
        }
        assertThat(Jitter.full().apply(Long.MAX_VALUE, 0, 0, Long.MAX_VALUE, random))
                .isNotNegative();
        assertThat(Jitter.ratio(1).apply(Long.MAX_VALUE, 0, 0, Long.MAX_VALUE, random))
                .isNotNegative();
    }

    @Test
    void configCapsTheJitteredDelayAtMaxDelay() {
        RetryConfig config = RetryConfig.builder()
                .backoff(Backoff.fixed())
                .baseDelay(Duration.ofSeconds(1))
                .maxDelay(Duration.ofSeconds(1))
                .jitter(Jitter.ratio(0.5))
                .build();
        Stats stats = sample(() -> config.computedDelayNanos(1, BASE, random));
        assertThat(stats.max).isEqualTo(DELAY);
        assertThat(stats.min).isGreaterThanOrEqualTo(DELAY / 2);
    }

    @Test
    void namedJitters() {
        assertThat(Jitter.of("FULL")).isSameAs(Jitter.full());
        assertThat(Jitter.of("none")).isSameAs(Jitter.none());
        assertThat(Jitter.of("equal").name()).isEqualTo("equal");
        assertThat(Jitter.of("decorrelated")).isSameAs(Jitter.decorrelated());
        assertThatThrownBy(() -> Jitter.of("chaos"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("jitter must be one of none, full, equal, decorrelated but was chaos");
    }

    private static Stats sample(java.util.function.LongSupplier source) {
        Stats stats = new Stats();
        for (int i = 0; i < SAMPLES; i++) {
            stats.add(source.getAsLong());
        }
        return stats;
    }

    private static final class Stats {
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        double sum;
        int count;

        void add(long value) {
            min = Math.min(min, value);
            max = Math.max(max, value);
            sum += value;
            count++;
        }

        double mean() {
            return sum / count;
        }
    }
}
