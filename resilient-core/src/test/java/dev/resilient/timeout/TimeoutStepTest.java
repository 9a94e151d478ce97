package dev.resilient.timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.resilient.ResilienceRuntime;
import dev.resilient.event.EventType;
import dev.resilient.event.ResilienceEvent;
import dev.resilient.pipeline.ResiliencePipeline;
import dev.resilient.step.Step;
import dev.resilient.step.StepContext;
import dev.resilient.time.ManualTime;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class TimeoutStepTest {

    private final ManualTime time = new ManualTime();
    private final ThreadPoolExecutor callPool =
            new ThreadPoolExecutor(0, 4, 100, TimeUnit.MILLISECONDS, new SynchronousQueue<>());
    private final ResilienceRuntime runtime = ResilienceRuntime.builder()
            .clock(time)
            .scheduler(time)
            .sleeper(time)
            .asyncExecutor(Runnable::run)
            .callExecutor(callPool)
            .build();
    private final StepContext ctx = StepContext.of("remote", runtime);
    private final List<ResilienceEvent> events = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        callPool.shutdownNow();
    }

    private ResiliencePipeline pipeline(TimeoutConfig config) {
        return new ResiliencePipeline(ctx, new TimeoutStep(config, ctx, Step.terminal()));
    }

    @Test
    void configValidationNamesTheFieldAndTheValue() {
        assertThatThrownBy(() -> TimeoutConfig.of(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("timeout must be > 0 but was PT0S");
        assertThatThrownBy(() -> TimeoutConfig.builder().timeout(null).build())
                .hasMessage("timeout must be > 0 but was null");
        assertThatThrownBy(() -> TimeoutConfig.of(Duration.ofHours(25)))
                .hasMessage("timeout must be <= PT24H but was PT25H");
        TimeoutConfig defaults = TimeoutConfig.ofDefaults();
        assertThat(defaults.timeout()).isEqualTo(Duration.ofSeconds(1));
        assertThat(defaults.cancelRunningFuture()).isTrue();
        assertThat(defaults.toBuilder().build()).isEqualTo(defaults).hasSameHashCodeAs(defaults);
    }

    @Test
    void syncResultsAndFailuresPassThroughUnchanged() throws Exception {
        ResiliencePipeline pipeline = pipeline(TimeoutConfig.of(Duration.ofSeconds(5)));
        assertThat(pipeline.execute(() -> "ok")).isEqualTo("ok");
        IOException failure = new IOException("down");
        assertThatThrownBy(() -> pipeline.execute(() -> {
                    throw failure;
                }))
                .isSameAs(failure);
    }

    @Test
    @Timeout(10)
    void aResultArrivingAfterTheTimeoutIsClosedSoNothingLeaks() {
        ResiliencePipeline pipeline = pipeline(TimeoutConfig.builder()
                .timeout(Duration.ofMillis(50))
                .cancelRunningFuture(false)
                .build());
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean closed = new AtomicBoolean();
        AutoCloseable lateResponse = () -> closed.set(true);

        assertThatThrownBy(() -> pipeline.execute(() -> {
                    release.await();
                    return lateResponse;
                }))
                .isInstanceOf(TimeoutExceededException.class);
        assertThat(closed).isFalse();

        release.countDown();
        await().atMost(Duration.ofSeconds(5)).untilTrue(closed);
    }

    @Test
    @Timeout(10)
    void aSyncCallThatTakesTooLongIsInterruptedAndItsThreadFreed() {
        ctx.events().addListener(events::add);
        ResiliencePipeline pipeline = pipeline(TimeoutConfig.of(Duration.ofMillis(100)));
        CountDownLatch never = new CountDownLatch(1);
        AtomicBoolean interrupted = new AtomicBoolean();
        assertThatThrownBy(() -> pipeline.execute(() -> {
                    try {
                        never.await();
                        return "late";
                    } catch (InterruptedException e) {
                        interrupted.set(true);
                        throw e;
                    }
                }))
                .isInstanceOfSatisfying(TimeoutExceededException.class, e -> {
                    assertThat(e.instance()).isEqualTo("remote");
                    assertThat(e.timeout()).isEqualTo(Duration.ofMillis(100));
                    assertThat(e).hasMessage("Call of 'remote' timed out after 100 ms");
                });
        await().atMost(Duration.ofSeconds(5)).untilTrue(interrupted);
        await().atMost(Duration.ofSeconds(5)).until(() -> callPool.getActiveCount() == 0);
        await().atMost(Duration.ofSeconds(5)).until(() -> callPool.getPoolSize() == 0);
        assertThat(events).singleElement().satisfies(event -> {
            assertThat(event.type()).isEqualTo(EventType.TIMEOUT);
            assertThat(event.source()).isEqualTo("timeout");
            assertThat(event.elapsed()).isEqualTo(Duration.ofMillis(100));
        });
        assertThat(pipeline.stats().failures()).isEqualTo(1);
    }

    @Test
    @Timeout(10)
    void anInterruptedCallerCancelsTheCall() throws Exception {
        ResiliencePipeline pipeline = pipeline(TimeoutConfig.of(Duration.ofSeconds(30)));
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch never = new CountDownLatch(1);
        AtomicBoolean callInterrupted = new AtomicBoolean();
        ExecutorService caller = Executors.newSingleThreadExecutor();
        try {
            Future<Throwable> outcome = caller.submit(() -> {
                try {
                    pipeline.execute(() -> {
                        started.countDown();
                        try {
                            return never.await(30, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            callInterrupted.set(true);
                            throw e;
                        }
                    });
                    return null;
                } catch (Throwable t) {
                    return t;
                }
            });
            started.await();
            caller.shutdownNow(); // interrupts the waiting caller
            assertThat(outcome.get(5, TimeUnit.SECONDS)).isInstanceOf(InterruptedException.class);
            await().atMost(Duration.ofSeconds(5)).untilTrue(callInterrupted);
            await().atMost(Duration.ofSeconds(5)).until(() -> callPool.getActiveCount() == 0);
        } finally {
            caller.shutdownNow();
        }
    }

    @Test
    void anAsyncCallThatTakesTooLongFailsAndIsCancelled() {
        ctx.events().addListener(events::add);
        ResiliencePipeline pipeline = pipeline(TimeoutConfig.of(Duration.ofMillis(200)));
        CompletableFuture<String> call = new CompletableFuture<>();
        var result = pipeline.executeAsync(() -> call).toCompletableFuture();
        time.advance(Duration.ofMillis(199));
        assertThat(result).isNotDone();
        time.advance(Duration.ofMillis(1));
        assertThat(result.handle((v, f) -> f).join())
                .isInstanceOfSatisfying(TimeoutExceededException.class, e -> assertThat(e.timeout())
                        .isEqualTo(Duration.ofMillis(200)));
        assertThat(call).isCancelled();
        assertThat(events).extracting(ResilienceEvent::type).containsExactly(EventType.TIMEOUT);
    }

    @Test
    void anAsyncCallIsLeftRunningWhenCancellingIsOff() {
        ResiliencePipeline pipeline = pipeline(TimeoutConfig.builder()
                .timeout(Duration.ofMillis(200))
                .cancelRunningFuture(false)
                .build());
        CompletableFuture<String> call = new CompletableFuture<>();
        var result = pipeline.executeAsync(() -> call).toCompletableFuture();
        time.advance(Duration.ofMillis(200));
        assertThat(result).isCompletedExceptionally();
        assertThat(call).isNotDone();
        call.complete("late");
        assertThat(result.handle((v, f) -> f).join()).isInstanceOf(TimeoutExceededException.class);
    }

    @Test
    void anAsyncCallThatFinishesFirstCancelsTheTimer() {
        ResiliencePipeline pipeline = pipeline(TimeoutConfig.of(Duration.ofMillis(200)));
        CompletableFuture<String> call = new CompletableFuture<>();
        var result = pipeline.executeAsync(() -> call).toCompletableFuture();
        assertThat(time.pendingTasks()).isEqualTo(1);
        time.advance(Duration.ofMillis(150));
        call.complete("fast");
        assertThat(result).isCompletedWithValue("fast");
        assertThat(time.pendingTasks()).isZero();
        time.advance(Duration.ofSeconds(1));
        assertThat(result).isCompletedWithValue("fast");

        IOException failure = new IOException("down");
        CompletableFuture<String> failing = new CompletableFuture<>();
        var failed = pipeline.executeAsync(() -> failing).toCompletableFuture();
        failing.completeExceptionally(failure);
        assertThat(failed.handle((v, f) -> f).join()).isSameAs(failure);
        assertThat(time.pendingTasks()).isZero();
        // an already finished call needs no timer at all
        var done = pipeline.executeAsync(() -> CompletableFuture.completedFuture("now"))
                .toCompletableFuture();
        assertThat(done).isCompletedWithValue("now");
        assertThat(time.pendingTasks()).isZero();
    }
}
