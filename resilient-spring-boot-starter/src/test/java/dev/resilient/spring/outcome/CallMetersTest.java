package dev.resilient.spring.outcome;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.resilient.ResilienceRuntime;
import dev.resilient.circuitbreaker.CircuitBreakerOpenException;
import dev.resilient.pipeline.ResilienceRegistry;
import dev.resilient.spring.Resilient;
import dev.resilient.spring.autoconfigure.ResilientAutoConfiguration;
import dev.resilient.spring.metrics.ResilientMetricsAutoConfiguration;
import dev.resilient.step.PipelineStats;
import dev.resilient.time.Clock;
import dev.resilient.time.ManualTime;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.dynamic.loading.ClassLoadingStrategy;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * One outcome per call and one timer per call, {@code resilient.calls{name,outcome,exception}}, with
 * bounded tags, whether the application has Spring Boot's observation stack or only a meter registry.
 */
class CallMetersTest {

    private final ManualTime time = new ManualTime();

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    AopAutoConfiguration.class,
                    ResilientAutoConfiguration.class,
                    ResilientMetricsAutoConfiguration.class))
            .withBean(Clock.class, () -> this.time)
            .withBean(ResilienceRuntime.class, () -> ResilienceRuntime.manual(this.time))
            .withBean(Calls.class)
            .withPropertyValues(
                    "resilient.defaults.retry.delay=10ms",
                    "resilient.profiles.breaker.retry.max-attempts=1",
                    "resilient.profiles.breaker.circuit-breaker.failure-threshold=1",
                    "resilient.profiles.unmetered.metrics.enabled=false",
                    "resilient.profiles.untyped.metrics.track-error-types=false",
                    "resilient.profiles.named.metrics.name=payments.charge",
                    "resilient.profiles.named.metrics.tags.team=billing");

    private ApplicationContextRunner withMeterRegistryOnly() {
        return this.runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new);
    }

    @Test
    void eachOutcomeIsOneTimerRecordingTaggedByTheLastFailure() {
        withMeterRegistryOnly().run(context -> {
            Calls calls = context.getBean(Calls.class);
            MeterRegistry meters = context.getBean(MeterRegistry.class);
            assertThat(calls.ok()).isEqualTo("ok");
            assertThatThrownBy(calls::failing).isInstanceOf(IOException.class);
            assertThat(calls.withFallback()).isEqualTo("fallback");
            assertThatThrownBy(calls::guarded).isInstanceOf(IOException.class);
            assertThatThrownBy(calls::guarded).isInstanceOf(CircuitBreakerOpenException.class);

            assertThat(timer(meters, "Calls.ok", "success", "none").count()).isEqualTo(1);
            assertThat(timer(meters, "Calls.failing", "failure", "IOException").count())
                    .isEqualTo(1);
            assertThat(timer(meters, "Calls.withFallback", "fallback", "IOException")
                            .count())
                    .isEqualTo(1);
            assertThat(timer(meters, "Calls.guarded", "failure", "IOException").count())
                    .isEqualTo(1);
            assertThat(timer(meters, "Calls.guarded", "rejected", "CircuitBreakerOpenException")
                            .count())
                    .isEqualTo(1);
            // one timer per call, no second one, the same tag keys everywhere
            assertThat(meters.find("resilient.call").meters()).isEmpty();
            long recorded = meters.find("resilient.calls").timers().stream()
                    .mapToLong(Timer::count)
                    .sum();
            assertThat(recorded).isEqualTo(5);
            assertThat(meters.find("resilient.calls").timers())
                    .allSatisfy(t -> assertThat(tagKeys(t)).containsExactly("error", "exception", "name", "outcome"));
            assertThat(meters.find("resilient.calls").timers())
                    .allSatisfy(t -> assertThat(t.getId().getTag("error")).isEqualTo("none"));

            // the endpoint's counters say the same
            PipelineStats withFallback = context.getBean(ResilienceRegistry.class)
                    .find("Calls.withFallback")
                    .orElseThrow()
                    .stats();
            assertThat(withFallback.fallbacks()).isEqualTo(1);
            assertThat(withFallback.failures()).isZero();
        });
    }

    @Test
    void metricsEnabledFalseMakesNoMeterAndTrackErrorTypesFalseTagsNone() {
        withMeterRegistryOnly().run(context -> {
            Calls calls = context.getBean(Calls.class);
            MeterRegistry meters = context.getBean(MeterRegistry.class);
            assertThatThrownBy(calls::unmetered).isInstanceOf(IOException.class);
            assertThatThrownBy(calls::untyped).isInstanceOf(IOException.class);
            assertThat(meters.getMeters())
                    .noneMatch(m -> "Calls.unmetered".equals(m.getId().getTag("name")));
            assertThat(timer(meters, "Calls.untyped", "failure", "none").count())
                    .isEqualTo(1);
            assertThat(meters.find("resilient.calls")
                            .tag("name", "Calls.untyped")
                            .tag("exception", "IOException")
                            .timer())
                    .isNull();
        });
    }

    @Test
    void metricsNameAndTagsNameAndTagTheTimer() {
        withMeterRegistryOnly().run(context -> {
            Calls calls = context.getBean(Calls.class);
            MeterRegistry meters = context.getBean(MeterRegistry.class);
            assertThat(calls.named()).isEqualTo("ok");
            assertThat(meters.get("resilient.calls")
                            .tags("name", "payments.charge", "team", "billing", "outcome", "success")
                            .timer()
                            .count())
                    .isEqualTo(1);
        });
    }

    @Test
    void withSpringBootsObservationStackTheTimerComesFromTheObservationAndTracingSeesTheError() {
        List<Observation.Context> errors = new CopyOnWriteArrayList<>();
        AtomicReference<Throwable> seenError = new AtomicReference<>();
        this.runner
                .withConfiguration(AutoConfigurations.of(
                        MetricsAutoConfiguration.class,
                        SimpleMetricsExportAutoConfiguration.class,
                        CompositeMeterRegistryAutoConfiguration.class,
                        ObservationAutoConfiguration.class))
                .withBean("tracingStandIn", ObservationHandler.class, () -> new ObservationHandler<>() {
                    @Override
                    public void onError(Observation.Context context) {
                        errors.add(context);
                        seenError.set(context.getError());
                    }

                    @Override
                    public boolean supportsContext(Observation.Context context) {
                        return true;
                    }
                })
                .run(context -> {
                    Calls calls = context.getBean(Calls.class);
                    MeterRegistry meters = context.getBean(MeterRegistry.class);
                    assertThat(calls.ok()).isEqualTo("ok");
                    assertThatThrownBy(calls::failing).isInstanceOf(IOException.class);
                    assertThat(calls.withFallback()).isEqualTo("fallback");
                    assertThat(timer(meters, "Calls.ok", "success", "none").count())
                            .isEqualTo(1);
                    assertThat(timer(meters, "Calls.withFallback", "fallback", "IOException")
                                    .count())
                            .isEqualTo(1);
                    assertThat(meters.get("resilient.fallbacks")
                                    .tag("name", "Calls.withFallback")
                                    .counter()
                                    .count())
                            .isEqualTo(1);
                    Timer failed = timer(meters, "Calls.failing", "failure", "IOException");
                    assertThat(failed.count()).isEqualTo(1);
                    assertThat(failed.getId().getTag("error")).isEqualTo("none");
                    assertThat(meters.find("resilient.calls").timers()).hasSize(3);
                    assertThat(errors).singleElement().satisfies(c -> assertThat(c.getName())
                            .isEqualTo("resilient.calls"));
                    assertThat(seenError.get()).isInstanceOf(IOException.class);
                });
    }

    @Test
    void metersStayBoundedWhatever200ExceptionClassesAnd10000MessagesThrow() {
        List<Constructor<? extends RuntimeException>> types = generatedExceptionTypes(200);
        withMeterRegistryOnly().run(context -> {
            Calls calls = context.getBean(Calls.class);
            MeterRegistry meters = context.getBean(MeterRegistry.class);
            SplittableRandom random = new SplittableRandom(13);
            for (int i = 0; i < 10_000; i++) {
                RuntimeException failure =
                        types.get(i % types.size()).newInstance("random " + Long.toHexString(random.nextLong()));
                calls.next(failure);
                catchThrowable(calls::anything);
            }
            List<Meter> instanceMeters = meters.getMeters().stream()
                    .filter(m -> "Calls.anything".equals(m.getId().getTag("name")))
                    .toList();
            Set<String> exceptionTags = instanceMeters.stream()
                    .map(m -> m.getId().getTag("exception"))
                    .filter(t -> t != null)
                    .collect(Collectors.toCollection(TreeSet::new));
            assertThat(exceptionTags).hasSize(65).contains("other");
            // 65 call timers plus the counters and gauges of one instance, no message anywhere
            assertThat(instanceMeters).hasSizeLessThanOrEqualTo(65 + 10);
            assertThat(instanceMeters).allSatisfy(m -> assertThat(m.getId().getTags())
                    .noneMatch(t -> t.getValue().contains("random")));
            assertThat(meters.find("resilient.calls").tag("name", "Calls.anything").timers().stream()
                            .mapToLong(Timer::count)
                            .sum())
                    .isEqualTo(10_000);
        });
    }

    @SuppressWarnings("unchecked")
    private static List<Constructor<? extends RuntimeException>> generatedExceptionTypes(int count) {
        List<Constructor<? extends RuntimeException>> types = new ArrayList<>();
        ClassLoader loader = CallMetersTest.class.getClassLoader();
        for (int i = 0; i < count; i++) {
            Class<? extends RuntimeException> type = new ByteBuddy()
                    .subclass(RuntimeException.class)
                    .name("dev.resilient.spring.outcome.generated.Failure" + i)
                    .make()
                    .load(loader, ClassLoadingStrategy.Default.INJECTION)
                    .getLoaded();
            try {
                types.add(type.getConstructor(String.class));
            } catch (NoSuchMethodException e) {
                throw new AssertionError(e);
            }
        }
        return types;
    }

    private static Timer timer(MeterRegistry meters, String name, String outcome, String exception) {
        return meters.get("resilient.calls")
                .tags("name", name, "outcome", outcome, "exception", exception)
                .timer();
    }

    private static List<String> tagKeys(Meter meter) {
        return meter.getId().getTags().stream().map(Tag::getKey).sorted().toList();
    }

    /** Methods with every outcome. */
    public static class Calls {
        private volatile RuntimeException next;

        void next(RuntimeException failure) {
            this.next = failure;
        }

        @Resilient
        public String ok() {
            return "ok";
        }

        @Resilient
        public String failing() throws IOException {
            throw new IOException("down");
        }

        @Resilient(fallbackMethod = "fallback")
        public String withFallback() throws IOException {
            throw new IOException("down");
        }

        public String fallback(IOException failure) {
            return "fallback";
        }

        @Resilient("breaker")
        public String guarded() throws IOException {
            throw new IOException("down");
        }

        @Resilient("named")
        public String named() {
            return "ok";
        }

        @Resilient("unmetered")
        public String unmetered() throws IOException {
            throw new IOException("down");
        }

        @Resilient("untyped")
        public String untyped() throws IOException {
            throw new IOException("down");
        }

        @Resilient(maxAttempts = "1")
        public String anything() {
            throw this.next;
        }
    }
}
