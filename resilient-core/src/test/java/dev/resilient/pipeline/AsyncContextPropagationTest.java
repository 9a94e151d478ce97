package dev.resilient.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resilient.ContextPropagator;
import dev.resilient.ResilienceRuntime;
import dev.resilient.bulkhead.Bulkhead;
import dev.resilient.bulkhead.BulkheadConfig;
import dev.resilient.bulkhead.BulkheadStep;
import dev.resilient.ratelimiter.RateLimiter;
import dev.resilient.ratelimiter.RateLimiterConfig;
import dev.resilient.ratelimiter.RateLimiterStep;
import dev.resilient.retry.Retry;
import dev.resilient.retry.RetryConfig;
import dev.resilient.retry.RetryStep;
import dev.resilient.step.Step;
import dev.resilient.step.StepContext;
import dev.resilient.time.ManualTime;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An async attempt that continues on the runtime's async executor after a wait — a retry's, a rate
 * limiter's, a bulkhead's — runs with the caller's context restored by the runtime's propagator,
 * and the executor's thread keeps nothing of it.
 */
class AsyncContextPropagationTest {

    private static final ThreadLocal<String> USER = new ThreadLocal<>();

    private static final ContextPropagator USER_PROPAGATOR = () -> {
        String captured = USER.get();
        return () -> {
            String previous = USER.get();
            USER.set(captured);
            return () -> USER.set(previous);
        };
    };

    private final ManualTime time = new ManualTime();
    private final ExecutorService async = Executors.newSingleThreadExecutor();
    private final ResilienceRuntime runtime = ResilienceRuntime.builder()
            .clock(time)
            .scheduler(time)
            .sleeper(time)
            .asyncExecutor(async)
            .contextPropagator(USER_PROPAGATOR)
            .build();

    @AfterEach
    void close() {
        USER.remove();
        runtime.close();
        async.shutdownNow();
    }

    @Test
    void aRetriedAttemptSeesTheCallersContext() throws Exception {
        StepContext ctx = StepContext.of("retry", runtime);
        Retry retry = Retry.of(
                "retry",
                RetryConfig.builder()
                        .maxAttempts(2)
                        .baseDelay(Duration.ofMillis(10))
                        .build());
        Step step = new RetryStep(retry, ctx, Step.terminal());
        AtomicInteger attempts = new AtomicInteger();
        CompletionStage<String> result = run(
                step,
                () -> attempts.incrementAndGet() == 1
                        ? CompletableFuture.failedFuture(new IOException("first fails"))
                        : CompletableFuture.completedFuture(
                                USER.get() + "@" + Thread.currentThread().getName()));
        time.advance(Duration.ofSeconds(1));
        assertSeenByAliceOnTheAsyncThread(result);
    }

    @Test
    void anAttemptAfterARateLimitersWaitSeesTheCallersContext() throws Exception {
        StepContext ctx = StepContext.of("limited", runtime);
        RateLimiter limiter = RateLimiter.of(
                "limited",
                RateLimiterConfig.builder()
                        .limit(1)
                        .period(Duration.ofSeconds(1))
                        .maxWait(Duration.ofSeconds(5))
                        .build(),
                time);
        assertThat(limiter.tryAcquire()).isTrue();
        Step step = new RateLimiterStep(limiter, ctx, Step.terminal());
        CompletionStage<String> result = run(
                step,
                () -> CompletableFuture.completedFuture(
                        USER.get() + "@" + Thread.currentThread().getName()));
        time.advance(Duration.ofSeconds(1));
        assertSeenByAliceOnTheAsyncThread(result);
    }

    @Test
    void anAttemptAfterABulkheadsWaitSeesTheCallersContext() throws Exception {
        StepContext ctx = StepContext.of("bulkhead", runtime);
        Bulkhead bulkhead = Bulkhead.of(
                "bulkhead",
                BulkheadConfig.builder()
                        .maxConcurrent(1)
                        .maxWait(Duration.ofSeconds(5))
                        .build());
        Step step = new BulkheadStep(bulkhead, ctx, Step.terminal());
        CompletableFuture<String> holder = new CompletableFuture<>();
        step.executeAsync(() -> holder, null);
        CompletionStage<String> result = run(
                step,
                () -> CompletableFuture.completedFuture(
                        USER.get() + "@" + Thread.currentThread().getName()));
        holder.complete("released");
        assertSeenByAliceOnTheAsyncThread(result);
    }

    private static CompletionStage<String> run(Step step, java.util.function.Supplier<CompletionStage<String>> call) {
        USER.set("alice");
        try {
            return step.executeAsync(call, null);
        } finally {
            USER.remove();
        }
    }

    private void assertSeenByAliceOnTheAsyncThread(CompletionStage<String> result) throws Exception {
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> result.toCompletableFuture()
                .isDone());
        String seen = result.toCompletableFuture().get(1, TimeUnit.SECONDS);
        assertThat(seen).startsWith("alice@").doesNotContain("main");
        assertThat(async.submit(USER::get).get(10, TimeUnit.SECONDS))
                .as("nothing left on the executor's thread")
                .isNull();
    }
}
