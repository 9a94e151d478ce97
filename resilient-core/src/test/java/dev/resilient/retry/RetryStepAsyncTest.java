package dev.resilient.retry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resilient.ResilienceRuntime;
import dev.resilient.event.EventType;
import dev.resilient.event.ResilienceEvent;
import dev.resilient.pipeline.ResiliencePipeline;
import dev.resilient.step.Step;
import dev.resilient.step.StepContext;
import dev.resilient.time.ManualTime;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class RetryStepAsyncTest {

    private final ManualTime time = new ManualTime();
    private final AtomicInteger continuations = new AtomicInteger();
    private final Executor countingInline = task -> {
        continuations.incrementAndGet();
        task.run();
    };
    private final ResilienceRuntime runtime = ResilienceRuntime.builder()
            .clock(time)
            .scheduler(time)
            .sleeper(nanos -> {
                throw new AssertionError("an async retry must not sleep");
            })
            .asyncExecutor(countingInline)
            .build();
    private final StepContext ctx = StepContext.of("svc", runtime);

    private RetryStep step(RetryConfig config) {
        return new RetryStep(Retry.of("svc", config), ctx, Step.terminal());
    }

    /** An async call failing {@code failures} times (completed stages), then "ok". */
    private static Supplier<CompletionStage<String>> failing(AtomicInteger calls, int failures, Throwable... thrown) {
        return () -> {
            int call = calls.getAndIncrement();
            if (call < failures) {
                return CompletableFuture.failedFuture(thrown[Math.min(call, thrown.length - 1)]);
            }
            return CompletableFuture.completedFuture("ok");
        };
    }

    @Test
    void waitsOnTheSchedulerWithoutBlockingAndCompletesWhenTimeAdvances() {
        AtomicInteger calls = new AtomicInteger();
        CompletableFuture<String> future = step(RetryConfig.builder()
                        .maxAttempts(3)
                        .build())
                .executeAsync(failing(calls, 2, new IOException("down")), null)
                .toCompletableFuture();

        assertThat(future).isNotDone();
        assertThat(calls).hasValue(1);
        assertThat(time.pendingTasks()).isEqualTo(1);

        time.advance(Duration.ofMillis(99));
        assertThat(future).isNotDone();
        assertThat(calls).hasValue(1);

        time.advance(Duration.ofMillis(1)); // 100 ms: second attempt fails, a 200 ms wait is scheduled
        assertThat(calls).hasValue(2);
        assertThat(future).isNotDone();
        assertThat(time.pendingTasks()).isEqualTo(1);

        time.advance(Duration.ofMillis(199));
        assertThat(future).isNotDone();
        time.advance(Duration.ofMillis(1));
        assertThat(future).isCompletedWithValue("ok");
        assertThat(calls).hasValue(3);
        assertThat(time.pendingTasks()).isZero();
        assertThat(continuations).hasValue(2); // each retry continued on the async executor
        assertThat(ctx.stats().retries()).isEqualTo(2);
    }

    @Test
    void exhaustionFailsTheFutureWithRetryExhausted() {
        AtomicInteger calls = new AtomicInteger();
        IOException first = new IOException("1");
        IOException second = new IOException("2");
        IOException third = new IOException("3");
        List<ResilienceEvent> events = new CopyOnWriteArrayList<>();
        ctx.events().addListener(events::add);
        CompletableFuture<String> future = new ResiliencePipeline(ctx, step(RetryConfig.ofDefaults()))
                .executeAsync(failing(calls, 5, first, second, third))
                .toCompletableFuture();
        time.advance(Duration.ofSeconds(1));
        Throwable failure = failureOf(future);
        assertThat(failure).isInstanceOf(RetryExhaustedException.class).hasCause(third);
        assertThat(((RetryExhaustedException) failure).attempts()).isEqualTo(3);
        assertThat(failure.getSuppressed()).containsExactly(first, second);
        assertThat(calls).hasValue(3);
        assertThat(events)
                .extracting(ResilienceEvent::type)
                .containsExactly(
                        EventType.ATTEMPT,
                        EventType.RETRY,
                        EventType.ATTEMPT,
                        EventType.RETRY,
                        EventType.ATTEMPT,
                        EventType.RETRIES_EXHAUSTED);
        assertThat(ctx.stats().failures()).isEqualTo(1);
    }

    @Test
    void nonRetryableFailureCompletesAtOnceWithoutScheduling() {
        AtomicInteger calls = new AtomicInteger();
        FileNotFoundException gone = new FileNotFoundException("gone");
        CompletableFuture<String> future = step(RetryConfig.builder()
                        .abortOn(FileNotFoundException.class)
                        .build())
                .executeAsync(failing(calls, 5, gone), null)
                .toCompletableFuture();
        assertThat(failureOf(future)).isSameAs(gone);
        assertThat(time.pendingTasks()).isZero();
        TestRejections.OpenCircuit open = new TestRejections.OpenCircuit();
        CompletableFuture<String> rejected = step(RetryConfig.ofDefaults())
                .executeAsync(failing(new AtomicInteger(), 5, open), null)
                .toCompletableFuture();
        assertThat(failureOf(rejected)).isSameAs(open);
        assertThat(time.pendingTasks()).isZero();
    }

    @Test
    void retryAfterHintSetsTheScheduledDelay() {
        AtomicInteger calls = new AtomicInteger();
        RetryConfig retryRateLimits =
                RetryConfig.builder().retryOn(TestRejections.RateLimited.class).build();
        CompletableFuture<String> future = step(retryRateLimits)
                .executeAsync(failing(calls, 1, new TestRejections.RateLimited(Duration.ofSeconds(3))), null)
                .toCompletableFuture();
        time.advance(Duration.ofMillis(2999));
        assertThat(future).isNotDone();
        time.advance(Duration.ofMillis(1));
        assertThat(future).isCompletedWithValue("ok");
    }

    @Test
    void budgetSpentFailsWithTheOriginalFailure() {
        RetryConfig config = RetryConfig.builder()
                .maxAttempts(5)
                .budget(RetryBudgetConfig.builder().maxTokens(2).build())
                .build();
        IOException failure = new IOException("down");
        AtomicInteger calls = new AtomicInteger();
        CompletableFuture<String> future =
                step(config).executeAsync(failing(calls, 5, failure), null).toCompletableFuture();
        // 2 tokens: the first failure leaves 1, which is not more than half: no retry
        assertThat(failureOf(future)).isSameAs(failure);
        assertThat(calls).hasValue(1);
        assertThat(time.pendingTasks()).isZero();
    }

    @Test
    void retryableResultIsRetriedAndTheLastOneReturned() {
        AtomicInteger calls = new AtomicInteger();
        RetryConfig config =
                RetryConfig.builder().retryOnResult(r -> ((Integer) r) >= 500).build();
        CompletableFuture<Integer> future = step(config)
                .executeAsync(() -> CompletableFuture.completedFuture(500 + calls.incrementAndGet()), null)
                .toCompletableFuture();
        assertThat(future).isNotDone();
        time.advance(Duration.ofMillis(300));
        assertThat(future).isCompletedWithValue(503);
    }

    @Test
    void aSupplierThatThrowsIsRetriedLikeAFailedStage() {
        AtomicInteger calls = new AtomicInteger();
        CompletableFuture<String> future = step(RetryConfig.ofDefaults())
                .<String>executeAsync(
                        () -> {
                            if (calls.incrementAndGet() == 1) {
                                throw new IllegalStateException("thrown, not returned");
                            }
                            return CompletableFuture.completedFuture("ok");
                        },
                        null)
                .toCompletableFuture();
        time.advance(Duration.ofMillis(100));
        assertThat(future).isCompletedWithValue("ok");
    }

    @Test
    void stagesCompletingLaterAreFollowed() {
        CompletableFuture<String> firstAttempt = new CompletableFuture<>();
        AtomicInteger calls = new AtomicInteger();
        CompletableFuture<String> future = step(RetryConfig.ofDefaults())
                .executeAsync(
                        () -> calls.incrementAndGet() == 1 ? firstAttempt : CompletableFuture.completedFuture("second"),
                        null)
                .toCompletableFuture();
        assertThat(time.pendingTasks()).isZero();
        firstAttempt.completeExceptionally(new IOException("late failure"));
        assertThat(time.pendingTasks()).isEqualTo(1);
        time.advance(Duration.ofMillis(100));
        assertThat(future).isCompletedWithValue("second");
    }

    @Test
    void cancellingTheFutureStopsTheRetries() {
        AtomicInteger calls = new AtomicInteger();
        CompletableFuture<String> future = step(RetryConfig.builder()
                        .maxAttempts(10)
                        .build())
                .executeAsync(failing(calls, 10, new IOException()), null)
                .toCompletableFuture();
        assertThat(time.pendingTasks()).isEqualTo(1);
        future.cancel(false);
        assertThat(time.pendingTasks()).isZero();
        time.advance(Duration.ofMinutes(5));
        assertThat(calls).hasValue(1);
    }

    @Test
    void retriesOnRealThreadsWithoutBlockingTheCaller() throws Exception {
        try (ResilienceRuntime real = ResilienceRuntime.defaults()) {
            StepContext context = StepContext.of("real", real);
            RetryStep step = new RetryStep(
                    Retry.of(
                            "real",
                            RetryConfig.builder()
                                    .maxAttempts(4)
                                    .baseDelay(Duration.ofMillis(50))
                                    .build()),
                    context,
                    Step.terminal());
            AtomicInteger calls = new AtomicInteger();
            CompletableFuture<String> future = step.executeAsync(failing(calls, 3, new IOException()), null)
                    .toCompletableFuture();
            // the caller gets the future back at once: the 350 ms of waits happen on the scheduler
            assertThat(future).isNotDone();
            assertThat(future.get(10, TimeUnit.SECONDS)).isEqualTo("ok");
            assertThat(calls).hasValue(4);
        }
    }

    private static Throwable failureOf(CompletableFuture<?> future) {
        assertThat(future).isDone();
        return future.handle((value, failure) -> failure).join();
    }
}
