package dev.resilient.spring.outcome;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.resilient.ResilienceRuntime;
import dev.resilient.observation.CallTiming;
import dev.resilient.retry.RetryAttempt;
import dev.resilient.spring.Resilient;
import dev.resilient.spring.ResilientCallListener;
import dev.resilient.spring.autoconfigure.ResilientAutoConfiguration;
import dev.resilient.time.Clock;
import dev.resilient.time.ManualTime;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The Spring forms of the seed's hooks: a {@link ResilientCallListener} bean and {@code logging.context}. */
class SeedHooksTest {

    private final ManualTime time = new ManualTime();
    private final List<String> heard = new CopyOnWriteArrayList<>();
    private final List<CallTiming> timings = new CopyOnWriteArrayList<>();

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class, ResilientAutoConfiguration.class))
            .withBean(Clock.class, () -> this.time)
            .withBean(ResilienceRuntime.class, () -> ResilienceRuntime.manual(this.time))
            .withBean(Hooked.class)
            .withBean(ResilientCallListener.class, () -> new ResilientCallListener() {
                @Override
                public void onRetry(String instance, RetryAttempt attempt) {
                    SeedHooksTest.this.heard.add("retry " + instance + " #" + attempt.attempt() + " in "
                            + attempt.nextDelay().toMillis() + " ms");
                }

                @Override
                public void onSuccess(String instance, Object result, int attempts, Duration elapsed) {
                    SeedHooksTest.this.heard.add(
                            "success " + instance + " " + result + " after " + attempts + " in " + elapsed.toMillis());
                }

                @Override
                public void onFailure(String instance, Throwable failure, int attempts, Duration elapsed) {
                    SeedHooksTest.this.heard.add(
                            "failure " + instance + " " + failure.getClass().getSimpleName() + " after " + attempts);
                }

                @Override
                public void onCall(CallTiming timing) {
                    SeedHooksTest.this.timings.add(timing);
                }
            })
            .withPropertyValues(
                    "resilient.defaults.retry.delay=100ms",
                    "resilient.defaults.retry.backoff=fixed",
                    "resilient.defaults.retry.jitter=none",
                    "resilient.defaults.logging.context.service=payments",
                    "resilient.defaults.logging.context.region=eu-1");

    @Test
    void retryCallbacksAndThePerformanceCallbackHearEveryCall() {
        this.runner.run(context -> {
            Hooked hooked = context.getBean(Hooked.class);
            hooked.failuresLeft(2);
            assertThat(hooked.flaky()).isEqualTo("ok");
            assertThatThrownBy(hooked::broken).isInstanceOf(IOException.class);
            assertThat(this.heard)
                    .containsExactly(
                            "retry Hooked.flaky #1 in 100 ms",
                            "retry Hooked.flaky #2 in 100 ms",
                            "success Hooked.flaky ok after 3 in 200",
                            "retry Hooked.broken #1 in 100 ms",
                            "retry Hooked.broken #2 in 100 ms",
                            "failure Hooked.broken IOException after 3");
            assertThat(this.timings)
                    .extracting(CallTiming::instance, CallTiming::outcome, CallTiming::duration)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple(
                                    "Hooked.flaky", CallTiming.Outcome.SUCCESS, Duration.ofMillis(200)),
                            org.assertj.core.groups.Tuple.tuple(
                                    "Hooked.broken", CallTiming.Outcome.FAILURE, Duration.ofMillis(200)));
        });
    }

    @Test
    void theStaticLoggingContextIsInTheMdcWhileTheCallRuns() {
        this.runner.run(context -> {
            Hooked hooked = context.getBean(Hooked.class);
            assertThat(hooked.mdc()).isEqualTo("payments/eu-1");
            assertThat(MDC.get("service")).isNull();
        });
    }

    /** Methods the listener hears. */
    public static class Hooked {
        private final AtomicInteger failuresLeft = new AtomicInteger();

        void failuresLeft(int failures) {
            this.failuresLeft.set(failures);
        }

        @Resilient
        public String flaky() throws IOException {
            if (this.failuresLeft.getAndDecrement() > 0) {
                throw new IOException("flaky");
            }
            return "ok";
        }

        @Resilient
        public String broken() throws IOException {
            throw new IOException("broken");
        }

        @Resilient
        public String mdc() {
            return MDC.get("service") + "/" + MDC.get("region");
        }
    }
}
