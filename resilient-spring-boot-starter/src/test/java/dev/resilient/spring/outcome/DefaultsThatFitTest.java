package dev.resilient.spring.outcome;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.resilient.ResilienceRuntime;
import dev.resilient.RetryAfterAware;
import dev.resilient.pipeline.ResilienceRegistry;
import dev.resilient.ratelimiter.RateLimitedException;
import dev.resilient.spring.Resilient;
import dev.resilient.spring.autoconfigure.ResilientAutoConfiguration;
import dev.resilient.step.PipelineStats;
import dev.resilient.time.Clock;
import dev.resilient.time.ManualTime;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** What a bare {@code @Resilient} and a seed-style profile do by default. */
class DefaultsThatFitTest {

    private final ManualTime time = new ManualTime();

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class, ResilientAutoConfiguration.class))
            .withBean(Clock.class, () -> this.time)
            .withBean(ResilienceRuntime.class, () -> ResilienceRuntime.manual(this.time))
            .withBean(Methods.class)
            .withPropertyValues(
                    "resilient.profiles.limited.rate-limit.limit=1",
                    "resilient.profiles.limited.rate-limit.period=1m",
                    "resilient.profiles.seed.circuit-breaker.failure-threshold=3",
                    "resilient.profiles.seed.circuit-breaker.success-threshold=2",
                    "resilient.profiles.bounded.total-timeout=30s");

    @Test
    void programmingErrorsAreNotRetried() {
        this.runner.run(context -> {
            Methods methods = context.getBean(Methods.class);
            assertThatThrownBy(methods::badArgument).isExactlyInstanceOf(IllegalArgumentException.class);
            assertThat(methods.attempts()).isEqualTo(1);
            assertThatThrownBy(methods::badState).isExactlyInstanceOf(IllegalStateException.class);
            assertThat(methods.attempts()).isEqualTo(3);
        });
    }

    @Test
    void theLibrarysOwnRejectionIsNotRetriedButFallsBack() {
        this.runner.run(context -> {
            Methods methods = context.getBean(Methods.class);
            assertThat(methods.limited()).isEqualTo("ok");
            assertThat(methods.limited()).isEqualTo("fallback after RateLimitedException");
            assertThat(this.time.elapsed()).isEqualTo(Duration.ZERO);
            PipelineStats stats = context.getBean(ResilienceRegistry.class)
                    .find("Methods.limited")
                    .orElseThrow()
                    .stats();
            assertThat(stats.retries()).isZero();
            assertThat(stats.fallbacks()).isEqualTo(1);
        });
    }

    @Test
    void successThresholdAloneRaisesTheHalfOpenTrials() {
        this.runner.run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(ResilienceRegistry.class)
                            .find("Methods.seed")
                            .orElseThrow()
                            .circuitBreaker()
                            .orElseThrow()
                            .config()
                            .halfOpenRequests())
                    .isEqualTo(2);
        });
    }

    @Test
    void aRetryAfterHintIsTrustedUpTo300Seconds() {
        this.runner.run(context -> {
            Methods methods = context.getBean(Methods.class);
            assertThat(methods.busy(Duration.ofSeconds(120))).isEqualTo("ok");
            assertThat(this.time.elapsed()).isEqualTo(Duration.ofSeconds(120));
            assertThat(methods.busy(Duration.ofHours(1))).isEqualTo("ok");
            assertThat(this.time.elapsed()).isEqualTo(Duration.ofSeconds(120 + 300));
        });
    }

    @Test
    void aRetryAfterHintThatDoesNotFitTheTotalTimeoutGivesUpAtOnce() {
        this.runner.run(context -> {
            Methods methods = context.getBean(Methods.class);
            Throwable thrown =
                    org.assertj.core.api.Assertions.catchThrowable(() -> methods.bounded(Duration.ofSeconds(60)));
            assertThat(thrown).isInstanceOf(Busy.class);
            assertThat(dev.resilient.retry.RetryExhaustedException.find(thrown)
                            .orElseThrow()
                            .attempts())
                    .isEqualTo(1);
            assertThat(this.time.elapsed()).isEqualTo(Duration.ZERO);
            // a hint that fits is waited for
            methods.attempts();
            assertThat(methods.bounded(Duration.ofSeconds(10))).isEqualTo("ok");
            assertThat(this.time.elapsed()).isEqualTo(Duration.ofSeconds(10));
        });
    }

    /** Methods with the defaults. */
    public static class Methods {
        private final AtomicInteger attempts = new AtomicInteger();

        int attempts() {
            return this.attempts.getAndSet(0);
        }

        @Resilient
        public String badArgument() {
            this.attempts.incrementAndGet();
            throw new IllegalArgumentException("bad");
        }

        @Resilient
        public String badState() {
            this.attempts.incrementAndGet();
            throw new IllegalStateException("not yet");
        }

        @Resilient(value = "limited", fallbackMethod = "limitedFallback")
        public String limited() {
            return "ok";
        }

        public String limitedFallback(RateLimitedException failure) {
            return "fallback after " + failure.getClass().getSimpleName();
        }

        @Resilient("seed")
        public String seed() {
            return "ok";
        }

        @Resilient("bounded")
        public String bounded(Duration hint) {
            if (this.attempts.getAndIncrement() % 2 == 0) {
                throw new Busy(hint);
            }
            return "ok";
        }

        @Resilient
        public String busy(Duration hint) {
            if (this.attempts.getAndIncrement() % 2 == 0) {
                throw new Busy(hint);
            }
            return "ok";
        }
    }

    static final class Busy extends RuntimeException implements RetryAfterAware {
        private final Duration hint;

        Busy(Duration hint) {
            super("busy, retry after " + hint);
            this.hint = hint;
        }

        @Override
        public Duration retryAfter() {
            return this.hint;
        }
    }
}
