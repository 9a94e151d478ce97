package dev.resilient.spring.defaults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.resilient.spring.Resilient;
import dev.resilient.spring.autoconfigure.ResilientAutoConfiguration;
import dev.resilient.spring.metrics.ResilientMetricsAutoConfiguration;
import io.micrometer.core.instrument.LongTaskTimer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * Defaults stated in docs/reference.md and docs/actuator-and-metrics.md, through the auto-configured
 * starter with nothing configured: a logged stack trace shows 30 frames per throwable, and calls in
 * progress are the {@code resilient.calls.active} long task timer.
 */
@ExtendWith(OutputCaptureExtension.class)
class DocumentedDefaultsTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class, ResilientAutoConfiguration.class))
            .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
            .withBean(Deep.class)
            .withPropertyValues("resilient.defaults.retry.max-attempts=1");

    @Test
    void aLoggedStackTraceShowsThirtyFramesPerThrowable(CapturedOutput output) {
        this.runner.run(context -> {
            assertThatThrownBy(() -> context.getBean(Deep.class).fail(60)).isInstanceOf(IllegalStateException.class);
            assertThat(output.getOut() + output.getErr()).contains("frames not shown (maxDepth 30)");
        });
    }

    @Test
    void callsInProgressAreTheActiveLongTaskTimerWithBootsObservationSupport() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(
                        AopAutoConfiguration.class,
                        MetricsAutoConfiguration.class,
                        SimpleMetricsExportAutoConfiguration.class,
                        CompositeMeterRegistryAutoConfiguration.class,
                        ObservationAutoConfiguration.class,
                        ResilientAutoConfiguration.class,
                        ResilientMetricsAutoConfiguration.class))
                .withBean(Deep.class)
                .run(context -> {
                    Deep deep = context.getBean(Deep.class);
                    MeterRegistry meters = context.getBean(MeterRegistry.class);
                    CompletableFuture<Void> call = CompletableFuture.runAsync(deep::block);
                    assertThat(Deep.entered.await(10, TimeUnit.SECONDS)).isTrue();
                    LongTaskTimer active = meters.get("resilient.calls.active")
                            .tag("name", "Deep.block")
                            .longTaskTimer();
                    assertThat(active.activeTasks()).isEqualTo(1);
                    Deep.release.countDown();
                    call.get(10, TimeUnit.SECONDS);
                    assertThat(active.activeTasks()).isZero();
                });
    }

    /** Fails from deep inside a recursion; or blocks until released. */
    public static class Deep {
        // static: the bean is a proxy, whose own fields are not the target's
        static final CountDownLatch entered = new CountDownLatch(1);
        static final CountDownLatch release = new CountDownLatch(1);

        @Resilient
        public void fail(int depth) {
            recurse(depth);
        }

        private static void recurse(int depth) {
            if (depth == 0) {
                throw new IllegalStateException("deep failure");
            }
            recurse(depth - 1);
        }

        @Resilient
        public void block() {
            entered.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
