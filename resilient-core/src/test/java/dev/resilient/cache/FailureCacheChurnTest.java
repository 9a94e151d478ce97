package dev.resilient.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resilient.time.ManualTime;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The failure cache under key churn: bounded, and the newest failures are always remembered. */
class FailureCacheChurnTest {

    private static final IOException FAILURE = new IOException("down");

    private final ManualTime time = new ManualTime();

    @Test
    void afterAMillionDistinctKeysTheLastThousandFailedKeysAreAllRemembered() {
        FailureCache cache = new FailureCache(
                FailureCacheConfig.builder()
                        .ttl(Duration.ofMinutes(5))
                        .maxKeys(10_000)
                        .build(),
                time);
        for (int i = 0; i < 1_000_000; i++) {
            cache.remember("key-" + i, FAILURE);
            if (i % 1000 == 0) {
                time.advance(Duration.ofNanos(1));
            }
            assertThat(cache.size()).isLessThanOrEqualTo(10_000);
        }
        assertThat(cache.size()).isEqualTo(10_000);
        for (int i = 1_000_000 - 1_000; i < 1_000_000; i++) {
            assertThat(cache.failureFor("key-" + i)).as("key-%d", i).isSameAs(FAILURE);
        }
        // exactly the newest 10,000 are kept
        assertThat(cache.failureFor("key-" + (1_000_000 - 10_000))).isSameAs(FAILURE);
        assertThat(cache.failureFor("key-" + (1_000_000 - 10_001))).isNull();
    }

    @Test
    void aNewFailureIsAlwaysRememberedAndTheOldestFailureGoesEvenIfItWasReadOften() {
        FailureCache cache =
                new FailureCache(FailureCacheConfig.builder().maxKeys(3).build(), time);
        cache.remember("a", FAILURE);
        cache.remember("b", FAILURE);
        cache.remember("c", FAILURE);
        for (int i = 0; i < 100; i++) {
            assertThat(cache.failureFor("a")).isNotNull(); // hits do not keep a key
        }
        cache.remember("d", FAILURE);
        assertThat(cache.failureFor("a")).isNull();
        assertThat(cache.failureFor("d")).isNotNull();

        cache.remember("b", FAILURE); // failing again makes b the newest
        cache.remember("e", FAILURE);
        assertThat(cache.failureFor("c")).isNull();
        assertThat(cache.failureFor("b")).isNotNull();
        assertThat(cache.failureFor("d")).isNotNull();
        assertThat(cache.failureFor("e")).isNotNull();
        assertThat(cache.size()).isEqualTo(3);
    }

    @Test
    void expiredKeysAreDroppedAsNewFailuresArrive() {
        FailureCache cache = new FailureCache(
                FailureCacheConfig.builder()
                        .ttl(Duration.ofSeconds(10))
                        .maxKeys(100)
                        .build(),
                time);
        for (int i = 0; i < 50; i++) {
            cache.remember("old-" + i, FAILURE);
        }
        time.advance(Duration.ofSeconds(10));
        cache.remember("new", FAILURE);
        assertThat(cache.size()).isEqualTo(1);
        assertThat(cache.failureFor("old-0")).isNull();
        assertThat(cache.failureFor("new")).isSameAs(FAILURE);
    }

    @Test
    void manyThreadsChurningKeysNeverExceedTheBoundAndAlwaysKeepTheKeyJustFailed() throws Exception {
        int threads = 8;
        int perThread = 50_000;
        int maxKeys = 1_000;
        FailureCache cache =
                new FailureCache(FailureCacheConfig.builder().maxKeys(maxKeys).build(), time);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        AtomicLong writes = new AtomicLong();
        List<Future<?>> done = new ArrayList<>();
        try {
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < perThread; i++) {
                        String key = thread + "-" + i;
                        long before = writes.get();
                        cache.remember(key, FAILURE);
                        writes.incrementAndGet();
                        boolean remembered = cache.failureFor(key) != null;
                        // only maxKeys newer failures (some not yet counted) may have pushed it out
                        if (!remembered && writes.get() - before + threads < maxKeys) {
                            throw new AssertionError("the key just failed, " + key + ", is not remembered");
                        }
                        if (cache.size() > maxKeys) {
                            throw new AssertionError("size " + cache.size() + " above " + maxKeys);
                        }
                        if (i % 7 == 0) {
                            cache.invalidate(thread + "-" + (i - 3));
                        }
                        cache.failureFor(thread + "-" + (i - 1));
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> future : done) {
                future.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(cache.size()).isEqualTo(maxKeys);
        // order and index agree: maxKeys fresh failures replace exactly everything
        for (int i = 0; i < maxKeys; i++) {
            cache.remember("fresh-" + i, FAILURE);
        }
        assertThat(cache.size()).isEqualTo(maxKeys);
        for (int i = 0; i < maxKeys; i++) {
            assertThat(cache.failureFor("fresh-" + i)).isSameAs(FAILURE);
        }
        for (int t = 0; t < threads; t++) {
            assertThat(cache.failureFor(t + "-" + (perThread - 1))).isNull();
        }
    }
}
