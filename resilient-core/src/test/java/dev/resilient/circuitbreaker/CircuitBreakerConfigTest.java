package dev.resilient.circuitbreaker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class CircuitBreakerConfigTest {

    @Test
    void defaultsAreSensible() {
        CircuitBreakerConfig config = CircuitBreakerConfig.ofDefaults();
        assertThat(config.failureThreshold()).isEqualTo(5);
        assertThat(config.failureRateThreshold()).isZero();
        assertThat(config.slowCallRateThreshold()).isZero();
        assertThat(config.slowCallDurationThreshold()).isEqualTo(Duration.ofSeconds(60));
        assertThat(config.slidingWindowType()).isEqualTo(SlidingWindowType.COUNT_BASED);
        assertThat(config.slidingWindowSize()).isEqualTo(100);
        assertThat(config.minimumNumberOfCalls()).isEqualTo(100);
        assertThat(config.recoveryTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.halfOpenRequests()).isEqualTo(1);
        assertThat(config.successThreshold()).isEqualTo(1);
        assertThat(config.recordOn()).containsExactly(Exception.class);
        assertThat(config.ignoreOn()).isEmpty();
        assertThat(config.recordIf()).isNull();
    }

    @Test
    void minimumCallsIsCappedByACountWindowOnly() {
        CircuitBreakerConfig count =
                CircuitBreakerConfig.builder().slidingWindowSize(20).build();
        assertThat(count.effectiveMinimumNumberOfCalls()).isEqualTo(20);
        CircuitBreakerConfig time = count.toBuilder()
                .slidingWindowType(SlidingWindowType.TIME_BASED)
                .build();
        assertThat(time.effectiveMinimumNumberOfCalls()).isEqualTo(100);
    }

    @Test
    void toBuilderCopiesEverything() {
        CircuitBreakerConfig config = CircuitBreakerConfig.builder()
                .failureThreshold(0)
                .failureRateThreshold(50)
                .slowCallRateThreshold(80)
                .slowCallDurationThreshold(Duration.ofMillis(300))
                .slidingWindow(SlidingWindowType.TIME_BASED, 30)
                .minimumNumberOfCalls(10)
                .recoveryTimeout(Duration.ofSeconds(5))
                .halfOpenRequests(3)
                .successThreshold(2)
                .recordOn(IOException.class)
                .ignoreOn(IllegalStateException.class)
                .recordIf(t -> true)
                .build();
        CircuitBreakerConfig copy = config.toBuilder().build();
        assertThat(copy.describe()).isEqualTo(config.describe());
        assertThat(copy.recordIf()).isSameAs(config.recordIf());
        assertThat(config.toString())
                .contains(
                        "failureRateThreshold=50.0",
                        "slidingWindowType=TIME_BASED",
                        "recordOn=[java.io.IOException]",
                        "recordIf=custom");
    }

    @Test
    void typeListsAreCopied() {
        List<Class<? extends Throwable>> types = new java.util.ArrayList<>(List.of(IOException.class));
        CircuitBreakerConfig config =
                CircuitBreakerConfig.builder().recordOn(types).build();
        types.add(RuntimeException.class);
        assertThat(config.recordOn()).containsExactly(IOException.class);
    }

    @Test
    void badValuesAreRejectedWithTheFieldAndValue() {
        expectInvalid(b -> b.failureThreshold(-1), "failureThreshold must be >= 0 but was -1");
        expectInvalid(
                b -> b.failureRateThreshold(101),
                "failureRateThreshold must be between 0 and 100 (0 = off) but was 101.0");
        expectInvalid(
                b -> b.failureRateThreshold(-5),
                "failureRateThreshold must be between 0 and 100 (0 = off) but was -5.0");
        expectInvalid(
                b -> b.failureRateThreshold(Double.NaN),
                "failureRateThreshold must be between 0 and 100 (0 = off) but was NaN");
        expectInvalid(
                b -> b.slowCallRateThreshold(150),
                "slowCallRateThreshold must be between 0 and 100 (0 = off) but was 150.0");
        expectInvalid(
                b -> b.slowCallDurationThreshold(Duration.ZERO),
                "slowCallDurationThreshold must be positive but was PT0S");
        expectInvalid(b -> b.slowCallDurationThreshold(null), "slowCallDurationThreshold must not be null");
        expectInvalid(b -> b.slidingWindowType(null), "slidingWindowType must not be null");
        expectInvalid(b -> b.slidingWindowSize(0), "slidingWindowSize must be >= 1 but was 0");
        expectInvalid(
                b -> b.slidingWindowSize(1_000_001),
                "slidingWindowSize must be <= 1000000 for a COUNT_BASED window but was 1000001");
        expectInvalid(
                b -> b.slidingWindow(SlidingWindowType.TIME_BASED, 3601),
                "slidingWindowSize must be <= 3600 (seconds) for a TIME_BASED window but was 3601");
        expectInvalid(b -> b.minimumNumberOfCalls(0), "minimumNumberOfCalls must be >= 1 but was 0");
        expectInvalid(b -> b.recoveryTimeout(Duration.ofSeconds(-1)), "recoveryTimeout must be positive but was PT-1S");
        expectInvalid(b -> b.recoveryTimeout(null), "recoveryTimeout must not be null");
        expectInvalid(b -> b.halfOpenRequests(0), "halfOpenRequests must be >= 1 but was 0");
        expectInvalid(b -> b.successThreshold(0), "successThreshold must be >= 1 but was 0");
        expectInvalid(
                b -> b.halfOpenRequests(2).successThreshold(3),
                "successThreshold must be <= halfOpenRequests (2) but was 3");
        expectInvalid(b -> b.recordOn(List.of()), "recordOn must name at least one exception type but was empty");
        expectInvalid(b -> b.recordOn((List<Class<? extends Throwable>>) null), "recordOn must not be null");
        expectInvalid(
                b -> b.ignoreOn(IOException.class, null),
                "ignoreOn must not contain null but was [class java.io.IOException, null]");
    }

    private static void expectInvalid(UnaryOperator<CircuitBreakerConfig.Builder> setup, String message) {
        assertThatThrownBy(() -> setup.apply(CircuitBreakerConfig.builder()).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }
}
