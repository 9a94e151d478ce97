package dev.resilient.bulkhead;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resilient.ResilienceRuntime;
import dev.resilient.internal.DefaultExecutors;
import dev.resilient.pipeline.ResiliencePipeline;
import dev.resilient.step.Step;
import dev.resilient.step.StepContext;
import dev.resilient.time.Scheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Many threads against one bulkhead: never more calls inside than allowed, every slot comes back. */
class BulkheadConcurrencyTest {

    private static final int THREADS = 8;
    private static final int MAX = 3;

    @Test
    @Timeout(20)
    void syncCallsNeverExceedMaxConcurrent() throws Exception {
        for (Duration maxWait : new Duration[] {Duration.ZERO, Duration.ofSeconds(10)}) {
            ScheduledThreadPoolExecutor scheduler = DefaultExecutors.scheduler();
            ResilienceRuntime runtime = ResilienceRuntime.builder()
                    .scheduler(Scheduler.of(scheduler))
                    .callExecutor(Executors.newSingleThreadExecutor())
                    .build();
            StepContext ctx = StepContext.of("hot", runtime);
            Bulkhead bulkhead = Bulkhead.of(
                    "hot",
                    BulkheadConfig.builder().maxConcurrent(MAX).maxWait(maxWait).build());
            ResiliencePipeline pipeline = new ResiliencePipeline(ctx, new BulkheadStep(bulkhead, ctx, Step.terminal()));
            AtomicInteger inside = new AtomicInteger();
            AtomicInteger maxInside = new AtomicInteger();
            AtomicInteger completed = new AtomicInteger();
            AtomicInteger rejected = new AtomicInteger();
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            try {
                CountDownLatch start = new CountDownLatch(1);
                List<Future<?>> workers = new ArrayList<>();
                for (int t = 0; t < THREADS; t++) {
                    workers.add(pool.submit(() -> {
                        start.await();
                        for (int i = 0; i < 500; i++) {
                            try {
                                pipeline.execute(() -> {
                                    int now = inside.incrementAndGet();
                                    maxInside.accumulateAndGet(now, Math::max);
                                    Thread.onSpinWait();
                                    inside.decrementAndGet();
                                    return null;
                                });
                                completed.incrementAndGet();
                            } catch (BulkheadFullException e) {
                                rejected.incrementAndGet();
                            }
                        }
                        return null;
                    }));
                }
                start.countDown();
                for (Future<?> worker : workers) {
                    worker.get(15, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
                scheduler.shutdownNow();
                runtime.close();
            }
            assertThat(maxInside.get()).isBetween(1, MAX);
            assertThat(bulkhead.maxObservedConcurrent()).isLessThanOrEqualTo(MAX);
            assertThat(completed.get() + rejected.get()).isEqualTo(THREADS * 500);
            assertThat(bulkhead.rejectedCalls()).isEqualTo(rejected.get());
            if (!maxWait.isZero()) {
                assertThat(rejected).hasValue(0);
            }
            assertThat(bulkhead.availablePermits()).isEqualTo(MAX);
            assertThat(bulkhead.activeCalls()).isZero();
        }
    }

    @Test
    @Timeout(20)
    void asyncCallsNeverExceedMaxConcurrentAndAllQueuedOnesRun() throws Exception {
        ScheduledThreadPoolExecutor scheduler = DefaultExecutors.scheduler();
        ExecutorService callThreads = Executors.newFixedThreadPool(4);
        ExecutorService asyncThreads = Executors.newFixedThreadPool(2);
        ResilienceRuntime runtime = ResilienceRuntime.builder()
                .scheduler(Scheduler.of(scheduler))
                .asyncExecutor(asyncThreads)
                .callExecutor(Executors.newSingleThreadExecutor())
                .build();
        StepContext ctx = StepContext.of("hot", runtime);
        Bulkhead bulkhead = Bulkhead.of(
                "hot",
                BulkheadConfig.builder()
                        .maxConcurrent(MAX)
                        .maxWait(Duration.ofSeconds(15))
                        .build());
        ResiliencePipeline pipeline = new ResiliencePipeline(ctx, new BulkheadStep(bulkhead, ctx, Step.terminal()));
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger maxInside = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        List<CompletableFuture<Integer>> results = new java.util.concurrent.CopyOnWriteArrayList<>();
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                workers.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < 300; i++) {
                        int id = i;
                        results.add(pipeline.<Integer>executeAsync(() -> {
                                    int now = inside.incrementAndGet();
                                    maxInside.accumulateAndGet(now, Math::max);
                                    return CompletableFuture.supplyAsync(
                                            () -> {
                                                inside.decrementAndGet();
                                                return id;
                                            },
                                            callThreads);
                                })
                                .toCompletableFuture());
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> worker : workers) {
                worker.get(15, TimeUnit.SECONDS);
            }
            CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)).get(15, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
            callThreads.shutdownNow();
            asyncThreads.shutdownNow();
            scheduler.shutdownNow();
            runtime.close();
        }
        assertThat(results).hasSize(THREADS * 300).allSatisfy(r -> assertThat(r).isCompleted());
        assertThat(maxInside.get()).isBetween(1, MAX);
        assertThat(bulkhead.maxObservedConcurrent()).isLessThanOrEqualTo(MAX);
        assertThat(bulkhead.rejectedCalls()).isZero();
        assertThat(bulkhead.availablePermits()).isEqualTo(MAX);
        assertThat(bulkhead.activeCalls()).isZero();
        assertThat(bulkhead.queuedAsyncWaiters()).isZero();
    }
}
