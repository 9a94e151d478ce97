package dev.resilient.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resilient.ResilienceRuntime;
import dev.resilient.step.Step;
import dev.resilient.step.StepContext;
import dev.resilient.time.ManualTime;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class FailureCacheConcurrencyTest {

    private static final int THREADS = 8;
    private static final int CALLS_PER_THREAD = 8_000;
    private static final int KEYS = 5_000;
    private static final int MAX_KEYS = 500;

    @Test
    void manyThreadsOnManyKeysStayConsistentAndBounded() throws Exception {
        ManualTime time = new ManualTime();
        StepContext ctx = StepContext.of("stress", ResilienceRuntime.manual(time));
        FailureCache cache = new FailureCache(
                FailureCacheConfig.builder()
                        .ttl(Duration.ofSeconds(1))
                        .maxKeys(MAX_KEYS)
                        .build(),
                time);
        FailureCacheStep step = new FailureCacheStep(cache, ctx, Step.terminal());

        Queue<Throwable> unexpected = new ConcurrentLinkedQueue<>();
        AtomicLong successes = new AtomicLong();
        AtomicLong failures = new AtomicLong();
        AtomicLong hits = new AtomicLong();
        AtomicLong oddKeyFailures = new AtomicLong();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    start.await();
                    ThreadLocalRandom random = ThreadLocalRandom.current();
                    for (int i = 0; i < CALLS_PER_THREAD; i++) {
                        int key = random.nextInt(KEYS);
                        if (thread == 0 && i % 1_000 == 0) {
                            time.advance(Duration.ofMillis(100));
                        }
                        try {
                            step.execute(
                                    () -> {
                                        if (key % 2 == 0) {
                                            throw new IOException("even " + key);
                                        }
                                        return key;
                                    },
                                    new Object[] {key});
                            successes.incrementAndGet();
                        } catch (FailureCachedException cached) {
                            hits.incrementAndGet();
                            if (!(cached.getCause() instanceof IOException)
                                    || key % 2 != 0
                                    || !cached.getCause().getMessage().equals("even " + key)) {
                                oddKeyFailures.incrementAndGet();
                            }
                        } catch (IOException e) {
                            failures.incrementAndGet();
                        } catch (Throwable e) {
                            unexpected.add(e);
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> future : futures) {
                future.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(unexpected).isEmpty();
        assertThat(oddKeyFailures).hasValue(0);
        assertThat(successes.get() + failures.get() + hits.get()).isEqualTo((long) THREADS * CALLS_PER_THREAD);
        assertThat(hits.get()).isPositive();
        cache.cleanUp();
        assertThat(cache.size()).isLessThanOrEqualTo(MAX_KEYS);
    }
}
