package dev.resilient.spring.outcome;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.resilient.ResilienceRuntime;
import dev.resilient.pipeline.ResilienceRegistry;
import dev.resilient.spring.Resilient;
import dev.resilient.spring.autoconfigure.ResilientAutoConfiguration;
import dev.resilient.step.PipelineStats;
import dev.resilient.time.Clock;
import dev.resilient.time.ManualTime;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** {@code when} false: the method runs as if it were not annotated. */
class WhenFalseTest {

    private final ManualTime time = new ManualTime();

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class, ResilientAutoConfiguration.class))
            .withBean(Clock.class, () -> this.time)
            .withBean(ResilienceRuntime.class, () -> ResilienceRuntime.manual(this.time))
            .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
            .withBean(Guarded.class)
            .withPropertyValues(
                    "resilient.profiles.guarded.when=#p0 > 10",
                    "resilient.profiles.guarded.total-timeout=1s",
                    "resilient.profiles.guarded.retry.delay=10ms");

    @Test
    void noFallbackNoRetryNothingCountedOrTimed() {
        this.runner.run(context -> {
            Guarded guarded = context.getBean(Guarded.class);
            PipelineStats stats = context.getBean(ResilienceRegistry.class)
                    .find("Guarded.pay")
                    .orElseThrow()
                    .stats();
            MeterRegistry meters = context.getBean(MeterRegistry.class);

            assertThatThrownBy(() -> guarded.pay(5)).isExactlyInstanceOf(IllegalStateException.class);
            assertThat(guarded.attempts()).isEqualTo(1);
            assertThat(stats.calls()).isZero();
            assertThat(meters.find("resilient.calls").timers()).isEmpty();

            assertThat(guarded.pay(50)).isEqualTo("fallback 50");
            assertThat(guarded.attempts()).isEqualTo(3);
            assertThat(stats.calls()).isEqualTo(1);
            assertThat(stats.fallbacks()).isEqualTo(1);
            assertThat(meters.get("resilient.calls")
                            .tags("name", "Guarded.pay", "outcome", "fallback")
                            .timer()
                            .count())
                    .isEqualTo(1);
        });
    }

    /** A method whose policies apply to large amounts only. */
    public static class Guarded {
        private final AtomicInteger attempts = new AtomicInteger();

        int attempts() {
            return this.attempts.getAndSet(0);
        }

        @Resilient(value = "guarded", fallbackMethod = "payLater")
        public String pay(int amount) {
            this.attempts.incrementAndGet();
            throw new IllegalStateException("declined");
        }

        public String payLater(int amount) {
            return "fallback " + amount;
        }
    }
}
