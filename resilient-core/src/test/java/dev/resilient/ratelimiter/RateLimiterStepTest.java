package dev.resilient.ratelimiter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.resilient.ResilienceRuntime;
import dev.resilient.event.EventType;
import dev.resilient.event.ResilienceEvent;
import dev.resilient.pipeline.ResiliencePipeline;
import dev.resilient.step.Step;
import dev.resilient.step.StepContext;
import dev.resilient.time.ManualTime;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RateLimiterStepTest {

    private final ManualTime time = new ManualTime();
    private final StepContext ctx = StepContext.of("search", ResilienceRuntime.manual(time));
    private final List<ResilienceEvent> events = new CopyOnWriteArrayList<>();

    private ResiliencePipeline pipeline(int limit, Duration maxWait) {
        RateLimiter limiter = RateLimiter.of(
                "search",
                RateLimiterConfig.builder()
                        .limit(limit)
                        .period(Duration.ofSeconds(1))
                        .maxWait(maxWait)
                        .build(),
                time);
        return new ResiliencePipeline(ctx, new RateLimiterStep(limiter, ctx, Step.terminal()));
    }

    @Test
    void syncCallsBeyondTheLimitAreRejectedWithTheWait() throws Exception {
        ctx.events().addListener(events::add);
        ResiliencePipeline pipeline = pipeline(2, Duration.ZERO);
        assertThat(pipeline.execute(() -> "a")).isEqualTo("a");
        assertThat(pipeline.execute(() -> "b")).isEqualTo("b");
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> pipeline.execute(calls::incrementAndGet, new Object[] {"q"}))
                .isInstanceOfSatisfying(RateLimitedException.class, e -> {
                    assertThat(e.instance()).isEqualTo("search");
                    assertThat(e.retryAfter()).isEqualTo(Duration.ofMillis(500));
                    assertThat(e.retryable()).isTrue();
                });
        assertThat(calls).hasValue(0);
        assertThat(pipeline.stats().rejections()).isEqualTo(1);
        assertThat(events).singleElement().satisfies(event -> {
            assertThat(event.type()).isEqualTo(EventType.REJECTED);
            assertThat(event.source()).isEqualTo("rateLimiter");
            assertThat(event.delay()).isEqualTo(Duration.ofMillis(500));
            assertThat(event.arguments()).containsExactly("q");
        });
    }

    @Test
    void syncCallsWaitOnTheSleeperForAReservedPermit() throws Exception {
        ResiliencePipeline pipeline = pipeline(1, Duration.ofSeconds(1));
        assertThat(pipeline.execute(() -> "first")).isEqualTo("first");
        assertThat(time.elapsed()).isZero();
        assertThat(pipeline.execute(() -> "second")).isEqualTo("second");
        assertThat(time.elapsed()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void asyncCallsWaitOnTheSchedulerWithoutBlocking() {
        ResiliencePipeline pipeline = pipeline(1, Duration.ofSeconds(2));
        AtomicInteger calls = new AtomicInteger();
        var first = pipeline.executeAsync(() -> CompletableFuture.completedFuture(calls.incrementAndGet()))
                .toCompletableFuture();
        var second = pipeline.executeAsync(() -> CompletableFuture.completedFuture(calls.incrementAndGet()))
                .toCompletableFuture();
        assertThat(first).isCompletedWithValue(1);
        assertThat(second).isNotDone();
        assertThat(calls).hasValue(1);
        time.advance(Duration.ofMillis(999));
        assertThat(second).isNotDone();
        time.advance(Duration.ofMillis(1));
        assertThat(second).isCompletedWithValue(2);
        var third = pipeline.executeAsync(() -> CompletableFuture.completedFuture(calls.incrementAndGet()))
                .toCompletableFuture();
        var fourth = pipeline.executeAsync(() -> CompletableFuture.completedFuture(calls.incrementAndGet()))
                .toCompletableFuture();
        var fifth = pipeline.executeAsync(() -> CompletableFuture.completedFuture(calls.incrementAndGet()))
                .toCompletableFuture();
        assertThat(fifth).isCompletedExceptionally();
        assertThat(fifth.handle((v, f) -> f).join()).isInstanceOf(RateLimitedException.class);
        time.advance(Duration.ofSeconds(2));
        assertThat(third).isCompletedWithValue(3);
        assertThat(fourth).isCompletedWithValue(4);
    }

    @Test
    void cancellingAWaitingAsyncCallDropsItsTimer() {
        var limiter = RateLimiter.of(
                "third",
                RateLimiterConfig.builder()
                        .limit(1)
                        .maxWait(Duration.ofSeconds(5))
                        .build(),
                time);
        var step = new RateLimiterStep(limiter, ctx, Step.terminal());
        step.executeAsync(() -> CompletableFuture.completedFuture("a"), null);
        AtomicInteger calls = new AtomicInteger();
        var queued = step.<Integer>executeAsync(() -> CompletableFuture.completedFuture(calls.incrementAndGet()), null)
                .toCompletableFuture();
        int pending = time.pendingTasks();
        queued.cancel(false);
        assertThat(time.pendingTasks()).isEqualTo(pending - 1);
        time.advance(Duration.ofSeconds(5));
        assertThat(calls).hasValue(0);
    }
}
