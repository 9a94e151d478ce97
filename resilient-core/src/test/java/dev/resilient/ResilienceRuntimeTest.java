package dev.resilient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.resilient.event.EventPublisher;
import dev.resilient.internal.DefaultExecutors;
import dev.resilient.time.Clock;
import dev.resilient.time.ManualTime;
import dev.resilient.time.Sleeper;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ResilienceRuntimeTest {

    @Test
    void defaultsRunScheduledTasksAndStopOwnedThreadsOnClose() throws Exception {
        ResilienceRuntime runtime = ResilienceRuntime.defaults();
        CompletableFuture<String> ran = new CompletableFuture<>();
        runtime.scheduler().schedule(() -> ran.complete(Thread.currentThread().getName()), 0);
        assertThat(ran.get(5, TimeUnit.SECONDS)).startsWith("resilient-scheduler-");
        assertThat(runtime.callExecutor().submit(() -> 7).get(5, TimeUnit.SECONDS))
                .isEqualTo(7);
        assertThat(runtime.clock()).isSameAs(Clock.system());
        assertThat(runtime.random()).isNotNull();

        runtime.close();

        assertThat(runtime.callExecutor().isShutdown()).isTrue();
    }

    @Test
    void userExecutorsAreNotClosed() {
        ExecutorService mine = Executors.newSingleThreadExecutor();
        try {
            EventPublisher events = new EventPublisher();
            ResilienceRuntime runtime = ResilienceRuntime.builder()
                    .callExecutor(mine)
                    .events(events)
                    .random(new SplittableRandom(1))
                    .build();
            runtime.close();
            assertThat(mine.isShutdown()).isFalse();
            assertThat(runtime.events()).isSameAs(events);
            assertThat(runtime.random().nextInt()).isEqualTo(new SplittableRandom(1).nextInt());
        } finally {
            mine.shutdownNow();
        }
    }

    @Test
    void manualRuntimeUsesTheManualTimeEverywhere() {
        ManualTime time = new ManualTime();
        ResilienceRuntime runtime = ResilienceRuntime.manual(time);
        assertThat(runtime.clock()).isSameAs(time);
        assertThat(runtime.scheduler()).isSameAs(time);
        assertThat(runtime.sleeper()).isSameAs(time);
        StringBuilder ran = new StringBuilder();
        runtime.asyncExecutor().execute(() -> ran.append("inline"));
        assertThat(ran).hasToString("inline");
    }

    @Test
    void sharedRuntimeIsOneInstance() {
        assertThat(ResilienceRuntime.shared()).isSameAs(ResilienceRuntime.shared());
    }

    @Test
    void builderRejectsNulls() {
        assertThatThrownBy(() -> ResilienceRuntime.builder().clock(null)).hasMessageContaining("clock");
        assertThatThrownBy(() -> ResilienceRuntime.builder().scheduler(null)).hasMessageContaining("scheduler");
    }

    @Test
    void threadSleeperHonoursInterruptsAndZeroWaits() throws Exception {
        Sleeper sleeper = Sleeper.thread();
        sleeper.sleep(0);
        Thread.currentThread().interrupt();
        assertThatThrownBy(() -> sleeper.sleep(TimeUnit.SECONDS.toNanos(30))).isInstanceOf(InterruptedException.class);
        assertThat(Thread.interrupted()).isFalse();
    }

    @Test
    void callExecutorMatchesTheRunningJdk() throws Exception {
        ExecutorService executor = DefaultExecutors.callExecutor();
        try {
            boolean virtual = executor.submit(
                            () -> Thread.currentThread().toString().contains("Virtual"))
                    .get(5, TimeUnit.SECONDS);
            assertThat(virtual).isEqualTo(DefaultExecutors.hasVirtualThreads());
        } finally {
            executor.shutdownNow();
        }
    }
}
