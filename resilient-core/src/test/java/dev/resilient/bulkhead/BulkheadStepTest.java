package dev.resilient.bulkhead;

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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class BulkheadStepTest {

    private final ManualTime time = new ManualTime();
    private final StepContext ctx = StepContext.of("db", ResilienceRuntime.manual(time));
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void stopThreads() {
        threads.shutdownNow();
    }

    private Bulkhead bulkhead(int maxConcurrent, Duration maxWait) {
        return Bulkhead.of(
                "db",
                BulkheadConfig.builder()
                        .maxConcurrent(maxConcurrent)
                        .maxWait(maxWait)
                        .build());
    }

    private ResiliencePipeline pipeline(Bulkhead bulkhead) {
        return new ResiliencePipeline(ctx, new BulkheadStep(bulkhead, ctx, Step.terminal()));
    }

    @Test
    void syncCallsHoldASlotAndGiveItBackHoweverTheyEnd() throws Exception {
        Bulkhead bulkhead = bulkhead(1, Duration.ZERO);
        ResiliencePipeline pipeline = pipeline(bulkhead);
        assertThat(pipeline.execute(() -> bulkhead.activeCalls())).isEqualTo(1);
        assertThatThrownBy(() -> pipeline.execute(() -> {
                    throw new IOException("down");
                }))
                .isInstanceOf(IOException.class);
        assertThat(bulkhead.availablePermits()).isEqualTo(1);
        assertThat(bulkhead.activeCalls()).isZero();
    }

    @Test
    void aFullBulkheadRejectsAtOnceWithoutWaiting() throws Exception {
        List<ResilienceEvent> events = new CopyOnWriteArrayList<>();
        ctx.events().addListener(events::add);
        Bulkhead bulkhead = bulkhead(1, Duration.ZERO);
        ResiliencePipeline pipeline = pipeline(bulkhead);
        AtomicInteger inner = new AtomicInteger();
        Object result = pipeline.execute(() -> {
            assertThatThrownBy(() -> pipeline.execute(inner::incrementAndGet))
                    .isInstanceOfSatisfying(BulkheadFullException.class, e -> {
                        assertThat(e.instance()).isEqualTo("db");
                        assertThat(e.retryable()).isTrue();
                    });
            return "outer";
        });
        assertThat(result).isEqualTo("outer");
        assertThat(inner).hasValue(0);
        assertThat(time.elapsed()).isZero();
        assertThat(events).singleElement().satisfies(event -> {
            assertThat(event.type()).isEqualTo(EventType.REJECTED);
            assertThat(event.source()).isEqualTo("bulkhead");
        });
        assertThat(pipeline.stats().rejections()).isEqualTo(1);
    }

    @Test
    @Timeout(10)
    void aSyncCallerWaitsForASlotThatFrees() throws Exception {
        Bulkhead bulkhead = bulkhead(1, Duration.ofSeconds(5));
        ResiliencePipeline pipeline = pipeline(bulkhead);
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        Future<String> holder = threads.submit(() -> pipeline.execute(() -> {
            holding.countDown();
            finish.await();
            return "holder";
        }));
        holding.await();
        Thread[] waiterThread = new Thread[1];
        Future<String> waiter = threads.submit(() -> {
            waiterThread[0] = Thread.currentThread();
            return pipeline.execute(() -> "waiter");
        });
        await().atMost(Duration.ofSeconds(5))
                .until(() -> waiterThread[0] != null && waiterThread[0].getState() == Thread.State.TIMED_WAITING);
        assertThat(waiter).isNotDone();
        finish.countDown();
        assertThat(holder.get(5, TimeUnit.SECONDS)).isEqualTo("holder");
        assertThat(waiter.get(5, TimeUnit.SECONDS)).isEqualTo("waiter");
        assertThat(bulkhead.availablePermits()).isEqualTo(1);
        assertThat(bulkhead.rejectedCalls()).isZero();
    }

    @Test
    @Timeout(10)
    void aSyncCallerGivesUpAfterMaxWait() throws Exception {
        Bulkhead bulkhead = bulkhead(1, Duration.ofMillis(50));
        ResiliencePipeline pipeline = pipeline(bulkhead);
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        Future<String> holder = threads.submit(() -> pipeline.execute(() -> {
            holding.countDown();
            finish.await();
            return "holder";
        }));
        holding.await();
        long start = System.nanoTime();
        assertThatThrownBy(() -> pipeline.execute(() -> "never")).isInstanceOf(BulkheadFullException.class);
        assertThat(System.nanoTime() - start)
                .isGreaterThanOrEqualTo(Duration.ofMillis(50).toNanos());
        finish.countDown();
        holder.get(5, TimeUnit.SECONDS);
        assertThat(bulkhead.availablePermits()).isEqualTo(1);
    }

    @Test
    void asyncCallsReleaseWhenTheirStageCompletes() {
        Bulkhead bulkhead = bulkhead(1, Duration.ZERO);
        ResiliencePipeline pipeline = pipeline(bulkhead);
        CompletableFuture<String> call = new CompletableFuture<>();
        var first = pipeline.executeAsync(() -> call).toCompletableFuture();
        assertThat(bulkhead.activeCalls()).isEqualTo(1);
        var rejected = pipeline.executeAsync(() -> CompletableFuture.completedFuture("x"))
                .toCompletableFuture();
        assertThat(rejected.handle((v, f) -> f).join()).isInstanceOf(BulkheadFullException.class);
        call.completeExceptionally(new IOException("down"));
        assertThat(first.handle((v, f) -> f).join()).isInstanceOf(IOException.class);
        assertThat(bulkhead.availablePermits()).isEqualTo(1);
        var thrown = pipeline.executeAsync(() -> {
                    throw new IllegalStateException("sync throw");
                })
                .toCompletableFuture();
        assertThat(thrown).isCompletedExceptionally();
        assertThat(bulkhead.availablePermits()).isEqualTo(1);
        assertThat(bulkhead.activeCalls()).isZero();
    }

    @Test
    void queuedAsyncCallsRunWhenASlotFreesOrFailAfterMaxWait() {
        Bulkhead bulkhead = bulkhead(1, Duration.ofSeconds(1));
        ResiliencePipeline pipeline = pipeline(bulkhead);
        CompletableFuture<String> call = new CompletableFuture<>();
        var first = pipeline.executeAsync(() -> call).toCompletableFuture();
        AtomicInteger queuedCalls = new AtomicInteger();
        var queued = pipeline.executeAsync(() -> CompletableFuture.completedFuture(queuedCalls.incrementAndGet()))
                .toCompletableFuture();
        assertThat(queued).isNotDone();
        time.advance(Duration.ofMillis(500));
        var late = pipeline.executeAsync(() -> CompletableFuture.completedFuture(queuedCalls.incrementAndGet()))
                .toCompletableFuture();
        call.complete("first");
        assertThat(first).isCompletedWithValue("first");
        assertThat(queued).isCompletedWithValue(1);
        // the queued call finished at once and handed its slot to the late one
        assertThat(late).isCompletedWithValue(2);
        assertThat(bulkhead.availablePermits()).isEqualTo(1);

        CompletableFuture<String> blocker = new CompletableFuture<>();
        pipeline.executeAsync(() -> blocker);
        var timedOut = pipeline.executeAsync(() -> CompletableFuture.completedFuture(queuedCalls.incrementAndGet()))
                .toCompletableFuture();
        time.advance(Duration.ofSeconds(1));
        assertThat(timedOut.handle((v, f) -> f).join()).isInstanceOf(BulkheadFullException.class);
        assertThat(queuedCalls).hasValue(2);
        blocker.complete("done");
        assertThat(bulkhead.availablePermits()).isEqualTo(1);
        assertThat(bulkhead.activeCalls()).isZero();
    }

    @Test
    void cancellingAQueuedAsyncCallWithdrawsIt() {
        Bulkhead bulkhead = bulkhead(1, Duration.ofSeconds(1));
        ResiliencePipeline pipeline = pipeline(bulkhead);
        CompletableFuture<String> call = new CompletableFuture<>();
        pipeline.executeAsync(() -> call);
        AtomicInteger runs = new AtomicInteger();
        var queued = new BulkheadStep(bulkhead, ctx, Step.terminal())
                .<Integer>executeAsync(() -> CompletableFuture.completedFuture(runs.incrementAndGet()), null)
                .toCompletableFuture();
        queued.cancel(false);
        assertThat(bulkhead.queuedAsyncWaiters()).isZero();
        call.complete("done");
        assertThat(runs).hasValue(0);
        assertThat(bulkhead.availablePermits()).isEqualTo(1);
    }
}
