package dev.resilient.observation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import dev.resilient.CallNotPermittedException;
import dev.resilient.ResilienceRuntime;
import dev.resilient.event.EventType;
import dev.resilient.event.ResilienceEvent;
import dev.resilient.observation.logging.LoggingConfig;
import dev.resilient.pipeline.ResiliencePipeline;
import dev.resilient.step.Step;
import dev.resilient.step.StepContext;
import dev.resilient.testing.Measure;
import dev.resilient.time.ManualTime;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class ObservationStepTest {

    private final ManualTime time = new ManualTime();
    private final ResilienceRuntime runtime = ResilienceRuntime.manual(time);
    private final StepContext context = StepContext.of("payments.charge", runtime);
    private final List<ResilienceEvent> events = new CopyOnWriteArrayList<>();
    private final List<CallTiming> timings = new CopyOnWriteArrayList<>();

    @AfterEach
    void clearMdc() {
        MDC.clear();
    }

    private ResiliencePipeline pipeline(ObservationConfig config) {
        return new ResiliencePipeline(context, new ObservationStep(config, context, Step.terminal()));
    }

    @Test
    void emitsSuccessAndFailureWithElapsedTimeFromTheRuntimeClock() throws Exception {
        context.events().addListener(events::add);
        ResiliencePipeline pipeline = pipeline(ObservationConfig.ofDefaults());
        Object[] args = {"alice"};

        String result = pipeline.execute(
                () -> {
                    time.advance(Duration.ofMillis(40));
                    return "ok";
                },
                args);
        IOException failure = new IOException("down");
        assertThatThrownBy(() -> pipeline.execute(
                        () -> {
                            time.advance(Duration.ofMillis(70));
                            throw failure;
                        },
                        args))
                .isSameAs(failure);

        assertThat(result).isEqualTo("ok");
        assertThat(events).extracting(ResilienceEvent::type).containsExactly(EventType.SUCCESS, EventType.FAILURE);
        assertThat(events.get(0).result()).isEqualTo("ok");
        assertThat(events.get(0).elapsed()).isEqualTo(Duration.ofMillis(40));
        assertThat(events.get(0).arguments()).isSameAs(args);
        assertThat(events.get(0).source()).isEqualTo(ObservationStep.SOURCE);
        assertThat(events.get(1).failure()).isSameAs(failure);
        assertThat(events.get(1).elapsed()).isEqualTo(Duration.ofMillis(70));
        assertThat(events.get(1).arguments()).isSameAs(args);
    }

    @Test
    void slowCallsEmitAnEventAndLogAWarning() throws Exception {
        context.events().addListener(events::add);
        ResiliencePipeline pipeline = pipeline(ObservationConfig.builder()
                .slowThreshold(Duration.ofMillis(100))
                .build());
        try (LogCapture log = new LogCapture(LoggingConfig.DEFAULT_LOGGER)) {
            pipeline.execute(() -> {
                time.advance(Duration.ofMillis(100));
                return "just in time";
            });
            assertThat(log.events()).isEmpty();
            pipeline.execute(() -> {
                time.advance(Duration.ofMillis(250));
                return "slow";
            });

            var warning = log.single();
            assertThat(warning.getLevel()).isEqualTo(Level.WARN);
            assertThat(warning.getFormattedMessage()).isEqualTo("payments.charge was slow: 250 ms (threshold 100 ms)");
            assertThat(LogCapture.keyValues(warning))
                    .containsEntry("resilient.instance", "payments.charge")
                    .containsEntry("resilient.event", "SLOW_CALL")
                    .containsEntry("resilient.elapsedMs", 250L);
        }
        assertThat(events)
                .extracting(ResilienceEvent::type)
                .containsExactly(EventType.SUCCESS, EventType.SUCCESS, EventType.SLOW_CALL);
        assertThat(events.get(2).elapsed()).isEqualTo(Duration.ofMillis(250));
    }

    @Test
    void performanceCallbackGetsEveryCallAndItsFailuresNeverBreakTheCall() throws Exception {
        ResiliencePipeline pipeline = pipeline(ObservationConfig.builder()
                .slowThreshold(Duration.ofSeconds(1))
                .performanceCallback(timing -> {
                    timings.add(timing);
                    throw new IllegalStateException("callback bug");
                })
                .build());

        assertThat(pipeline.execute(() -> {
                    time.advance(Duration.ofMillis(5));
                    return "ok";
                }))
                .isEqualTo("ok");
        assertThatThrownBy(() -> pipeline.execute(() -> {
                    time.advance(Duration.ofSeconds(2));
                    throw new IOException("down");
                }))
                .isInstanceOf(IOException.class)
                .hasMessage("down");
        assertThatThrownBy(() -> pipeline.execute(() -> {
                    throw new Rejection();
                }))
                .isInstanceOf(Rejection.class);

        assertThat(timings)
                .extracting(CallTiming::outcome)
                .containsExactly(CallTiming.Outcome.SUCCESS, CallTiming.Outcome.FAILURE, CallTiming.Outcome.REJECTED);
        assertThat(timings.get(0).duration()).isEqualTo(Duration.ofMillis(5));
        assertThat(timings.get(0).slow()).isFalse();
        assertThat(timings.get(1).slow()).isTrue();
        assertThat(timings.get(1).failure()).isInstanceOf(IOException.class);
        assertThat(timings).extracting(CallTiming::instance).containsOnly("payments.charge");
    }

    @Test
    void rejectionsEmitNoFailureEvent() {
        context.events().addListener(events::add);
        ResiliencePipeline pipeline = pipeline(ObservationConfig.ofDefaults());
        assertThatThrownBy(() -> pipeline.execute(() -> {
                    throw new Rejection();
                }))
                .isInstanceOf(Rejection.class);
        assertThat(events).isEmpty();
    }

    @Test
    void putsContextIntoTheMdcDuringTheCallAndRemovesExactlyThatAfterwards() throws Exception {
        MDC.put("tenant", "outer-tenant");
        MDC.put("unrelated", "stays");
        ResiliencePipeline pipeline = pipeline(ObservationConfig.builder()
                .context("service", "billing")
                .context("tenant", "acme")
                .contextProvider(() -> Map.of("requestId", "req-42"))
                .build());
        AtomicReference<Map<String, String>> during = new AtomicReference<>();

        pipeline.execute(() -> {
            during.set(MDC.getCopyOfContextMap());
            return "ok";
        });

        assertThat(during.get())
                .containsEntry("service", "billing")
                .containsEntry("tenant", "acme")
                .containsEntry("requestId", "req-42")
                .containsEntry("unrelated", "stays");
        assertThat(MDC.getCopyOfContextMap())
                .containsOnly(Map.entry("tenant", "outer-tenant"), Map.entry("unrelated", "stays"));

        assertThatThrownBy(() -> pipeline.execute(() -> {
            throw new IOException("down");
        }));
        assertThat(MDC.getCopyOfContextMap())
                .containsOnly(Map.entry("tenant", "outer-tenant"), Map.entry("unrelated", "stays"));
    }

    @Test
    void aThrowingContextProviderIsLoggedAndTheCallGoesOn() throws Exception {
        ResiliencePipeline pipeline = pipeline(ObservationConfig.builder()
                .context("service", "billing")
                .contextProvider(() -> {
                    throw new IllegalStateException("no request");
                })
                .build());
        AtomicReference<String> service = new AtomicReference<>();
        assertThat(pipeline.execute(() -> {
                    service.set(MDC.get("service"));
                    return "ok";
                }))
                .isEqualTo("ok");
        assertThat(service.get()).isEqualTo("billing");
        assertThat(MDC.get("service")).isNull();
    }

    @Test
    void asyncCallsGetTheContextAroundTheSupplierAndTheCompletion() {
        List<String> requestIds = new CopyOnWriteArrayList<>();
        context.events().addListener(event -> {
            events.add(event);
            requestIds.add(MDC.get("requestId"));
        });
        ResiliencePipeline pipeline = pipeline(ObservationConfig.builder()
                .contextProvider(() -> Map.of("requestId", "req-7"))
                .build());
        AtomicReference<String> inSupplier = new AtomicReference<>();
        CompletableFuture<String> pending = new CompletableFuture<>();

        CompletableFuture<String> result = pipeline.<String>executeAsync(() -> {
                    inSupplier.set(MDC.get("requestId"));
                    return pending;
                })
                .toCompletableFuture();

        assertThat(inSupplier.get()).isEqualTo("req-7");
        assertThat(MDC.get("requestId")).isNull();
        time.advance(Duration.ofMillis(30));
        // completed later, e.g. on an I/O thread: the events still see the context
        pending.complete("done");
        assertThat(result).isCompletedWithValue("done");
        assertThat(events).hasSize(1);
        assertThat(requestIds).containsExactly("req-7");
        assertThat(events.get(0).elapsed()).isEqualTo(Duration.ofMillis(30));
        assertThat(MDC.get("requestId")).isNull();
    }

    @Test
    void asyncFailuresAreUnwrappedAndTimed() {
        context.events().addListener(events::add);
        pipeline(ObservationConfig.ofDefaults())
                .executeAsync(() -> CompletableFuture.failedFuture(new IOException("x")));
        assertThat(events).singleElement().satisfies(event -> {
            assertThat(event.type()).isEqualTo(EventType.FAILURE);
            assertThat(event.failure()).isInstanceOf(IOException.class);
        });
    }

    @Test
    void theSuccessPathAllocatesNothingWhenNothingIsConfigured() throws Exception {
        ObservationStep step = new ObservationStep(ObservationConfig.ofDefaults(), context, Step.terminal());
        java.util.concurrent.Callable<String> call = () -> "ok";
        long allocated = Measure.bytesAllocated(100_000, () -> step.execute(call, null));
        assertThat(allocated).isLessThan(10_000);
    }

    @Test
    void rejectsBadSettings() {
        assertThatThrownBy(() ->
                        ObservationConfig.builder().slowThreshold(Duration.ZERO).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("slowThreshold must be positive but was PT0S");
        assertThatThrownBy(() -> ObservationConfig.builder().context(" ", "x").build())
                .hasMessageContaining("staticContext");
    }

    private static final class Rejection extends CallNotPermittedException {
        Rejection() {
            super("payments.charge", "circuit open");
        }
    }
}
