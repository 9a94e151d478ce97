package dev.resilient.observation.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.resilient.ResilienceRuntime;
import dev.resilient.event.EventType;
import dev.resilient.event.ResilienceEvent;
import dev.resilient.observation.LogCapture;
import dev.resilient.step.StepContext;
import dev.resilient.time.ManualTime;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class AlertManagerTest {

    private final ManualTime time = new ManualTime();
    private final List<Alert> alerts = new CopyOnWriteArrayList<>();
    private final List<Alert> pages = new CopyOnWriteArrayList<>();

    private AlertManager manager(AlertConfig.Builder config) {
        return new AlertManager(config.sink(new CallbackAlertSink(alerts::add)).build(), time);
    }

    private static ResilienceEvent failure(String instance, Throwable failure) {
        return ResilienceEvent.builder(EventType.FAILURE, instance, 0)
                .failure(failure)
                .arguments(new Object[] {"password=hunter2"})
                .build();
    }

    private static void fail(AlertManager manager, int times) {
        for (int i = 0; i < times; i++) {
            manager.onEvent(failure("payments", new IOException("gateway down")));
        }
    }

    @Test
    void alertsOnceTheThresholdIsReachedWithinTheWindow() {
        AlertManager manager = manager(AlertConfig.builder().threshold(3).window(Duration.ofMinutes(1)));

        fail(manager, 2);
        assertThat(alerts).isEmpty();
        fail(manager, 1);

        assertThat(alerts).singleElement().satisfies(alert -> {
            assertThat(alert.instance()).isEqualTo("payments");
            assertThat(alert.level()).isEqualTo(1);
            assertThat(alert.errorCount()).isEqualTo(3);
            assertThat(alert.window()).isEqualTo(Duration.ofMinutes(1));
            assertThat(alert.exceptionType()).isEqualTo("java.io.IOException");
            assertThat(alert.message()).isEqualTo("gateway down");
            assertThat(alert.timestamp()).isEqualTo(Instant.ofEpochMilli(time.currentTimeMillis()));
            assertThat(alert.text())
                    .isEqualTo("[resilient] payments: 3 errors within 1 min; last: java.io.IOException: gateway down");
        });
    }

    @Test
    void errorsOutsideTheWindowDoNotCount() {
        AlertManager manager = manager(AlertConfig.builder().threshold(3).window(Duration.ofSeconds(10)));
        fail(manager, 2);
        time.advance(Duration.ofSeconds(10));
        fail(manager, 2);
        assertThat(manager.errorsInWindow("payments")).isEqualTo(2);
        assertThat(alerts).isEmpty();
        time.advance(Duration.ofSeconds(5));
        fail(manager, 1);
        assertThat(alerts).hasSize(1);
        assertThat(alerts.get(0).errorCount()).isEqualTo(3);
    }

    @Test
    void theCooldownHoldsBackFurtherAlertsPerInstance() {
        AlertManager manager = manager(AlertConfig.builder().threshold(2).cooldown(Duration.ofMinutes(5)));
        fail(manager, 10);
        assertThat(alerts).hasSize(1);
        manager.onEvent(failure("orders", new IllegalStateException("x")));
        manager.onEvent(failure("orders", new IllegalStateException("x")));
        assertThat(alerts).extracting(Alert::instance).containsExactly("payments", "orders");

        time.advance(Duration.ofMinutes(4));
        fail(manager, 5);
        assertThat(alerts).hasSize(2);
        time.advance(Duration.ofMinutes(1));
        fail(manager, 2);
        assertThat(alerts).extracting(Alert::instance).containsExactly("payments", "orders", "payments");
    }

    @Test
    void escalatesToHigherLevelsWithTheirOwnSinksEvenDuringTheCooldown() {
        List<Alert> critical = new CopyOnWriteArrayList<>();
        AlertManager manager = manager(AlertConfig.builder()
                .threshold(3)
                .cooldown(Duration.ofMinutes(10))
                .escalate(10, pages::add)
                .escalate(20, critical::add));

        fail(manager, 9);
        assertThat(alerts).hasSize(1);
        assertThat(pages).isEmpty();
        fail(manager, 1);
        assertThat(pages).singleElement().satisfies(alert -> {
            assertThat(alert.level()).isEqualTo(2);
            assertThat(alert.errorCount()).isEqualTo(10);
            assertThat(alert.text()).contains("(escalation level 2)");
        });
        fail(manager, 9);
        assertThat(critical).isEmpty();
        fail(manager, 5);
        assertThat(critical).singleElement().extracting(Alert::level).isEqualTo(3);
        assertThat(alerts).hasSize(1);
        assertThat(pages).hasSize(1);
    }

    @Test
    void alertsNeverCarryArgumentsAndRedactSensitiveValuesInMessages() {
        AlertManager manager = manager(AlertConfig.builder().threshold(1));
        manager.onEvent(failure("login", new IllegalStateException("bad credentials for user=bob password=hunter2")));
        Alert alert = alerts.get(0);
        assertThat(alert.message()).isEqualTo("bad credentials for user=bob password=***");
        assertThat(alert.toString()).doesNotContain("hunter2");
        assertThat(WebhookAlertSink.toJson(alert)).doesNotContain("hunter2");
    }

    @Test
    void rejectionsCountOnlyWhenConfigured() {
        AlertManager ignoring = manager(AlertConfig.builder().threshold(1));
        ignoring.onEvent(
                ResilienceEvent.builder(EventType.REJECTED, "payments", 0).build());
        assertThat(alerts).isEmpty();
        AlertManager counting = manager(AlertConfig.builder().threshold(1).countRejections(true));
        counting.onEvent(
                ResilienceEvent.builder(EventType.REJECTED, "payments", 0).build());
        assertThat(alerts).hasSize(1);
    }

    @Test
    void aFailingSinkIsLoggedAndTheOthersStillGetTheAlert() {
        AlertManager manager = new AlertManager(
                AlertConfig.builder()
                        .threshold(1)
                        .sink(alert -> {
                            throw new IllegalStateException("sink down");
                        })
                        .sink(alerts::add)
                        .build(),
                time);
        try (LogCapture log = new LogCapture(AlertManager.class)) {
            fail(manager, 1);
            assertThat(log.single().getFormattedMessage()).contains("failed for payments");
        }
        assertThat(alerts).hasSize(1);
    }

    @Test
    void publishesAlertEventsOnTheInstancePublisher() {
        StepContext context = StepContext.of("payments", ResilienceRuntime.manual(time));
        List<ResilienceEvent> events = new CopyOnWriteArrayList<>();
        context.events().addListener(events::add);
        AlertManager manager = manager(AlertConfig.builder().threshold(2)).attachTo(context);
        manager.attachTo(context);
        context.publish(context.event(EventType.FAILURE, "observation").failure(new IOException("a")));
        context.publish(context.event(EventType.FAILURE, "observation").failure(new IOException("a")));

        assertThat(alerts).hasSize(1);
        assertThat(events)
                .extracting(ResilienceEvent::type)
                .containsExactly(EventType.FAILURE, EventType.FAILURE, EventType.ALERT);
        assertThat(events.get(2).detail()).isEqualTo("level 1: 2 errors within PT1M");
    }

    @Test
    void manyThreadsFailingAtOnceRaiseExactlyOneAlertPerCooldown() throws Exception {
        AlertManager manager = manager(AlertConfig.builder().threshold(5).cooldown(Duration.ofMinutes(5)));
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<?>> done = new java.util.ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> {
                    start.await();
                    fail(manager, 5_000);
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> future : done) {
                future.get(10, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(alerts).hasSize(1);
        assertThat(alerts.get(0).errorCount()).isEqualTo(5);
    }

    @Test
    void rejectsBadSettings() {
        assertThatThrownBy(() -> AlertConfig.builder().threshold(0).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("threshold must be >= 1 but was 0");
        assertThatThrownBy(() -> AlertConfig.builder().window(Duration.ZERO).build())
                .hasMessage("window must be positive but was PT0S");
        assertThatThrownBy(() -> AlertConfig.builder()
                        .threshold(5)
                        .escalate(5, alerts::add)
                        .build())
                .hasMessageContaining("escalation[0].afterErrors must be > 5");
        assertThat(AlertConfig.ofDefaults().sinks()).singleElement().isInstanceOf(LogAlertSink.class);
        assertThat(AlertConfig.ofDefaults().threshold()).isEqualTo(5);
    }
}
