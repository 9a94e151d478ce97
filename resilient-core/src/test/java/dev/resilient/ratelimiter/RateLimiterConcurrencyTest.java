package dev.resilient.ratelimiter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resilient.time.ManualTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class RateLimiterConcurrencyTest {

    private static final int THREADS = 8;

    @ParameterizedTest
    @EnumSource(RateLimitStrategy.class)
    @Timeout(10)
    void manyThreadsNeverGetMoreThanTheLimitWhileTimeStandsStill(RateLimitStrategy strategy) throws Exception {
        ManualTime time = new ManualTime();
        int limit = 500;
        RateLimiter limiter = RateLimiter.of(
                "hot",
                RateLimiterConfig.builder()
                        .limit(limit)
                        .period(Duration.ofSeconds(1))
                        .strategy(strategy)
                        .build(),
                time);
        AtomicLong granted = new AtomicLong();
        runOnThreads(() -> {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            for (int i = 0; i < 2_000; i++) {
                int permits = 1 + random.nextInt(3);
                boolean ok =
                        random.nextBoolean() ? limiter.tryAcquire(permits) : limiter.reservePermission(permits) == 0;
                if (ok) {
                    granted.addAndGet(permits);
                }
            }
        });
        assertThat(granted.get()).isLessThanOrEqualTo(limit).isGreaterThan(limit - 3);
        assertThat(limiter.grantedPermits()).isEqualTo(granted.get());
        assertThat(limiter.availablePermits()).isEqualTo(limit - (int) granted.get());
    }

    @ParameterizedTest
    @EnumSource(RateLimitStrategy.class)
    @Timeout(10)
    void manyThreadsOnManyKeysNeverGetMoreThanEachKeysLimit(RateLimitStrategy strategy) throws Exception {
        ManualTime time = new ManualTime();
        int limit = 40;
        int keys = 12;
        RateLimiter limiter = RateLimiter.of(
                "tenants",
                RateLimiterConfig.builder()
                        .limit(limit)
                        .period(Duration.ofSeconds(1))
                        .strategy(strategy)
                        .keyFunction(args -> args[0])
                        .build(),
                time);
        AtomicIntegerArray granted = new AtomicIntegerArray(keys);
        runOnThreads(() -> {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            for (int i = 0; i < 1_500; i++) {
                int key = random.nextInt(keys);
                RateLimiter counted = limiter.forArguments(new Object[] {"tenant-" + key});
                boolean ok = random.nextBoolean() ? counted.tryAcquire() : counted.reservePermission() == 0;
                if (ok) {
                    granted.incrementAndGet(key);
                }
            }
        });
        // 12 000 tries on 12 keys while time stands still: each key gets exactly its own limit
        for (int key = 0; key < keys; key++) {
            assertThat(granted.get(key)).as("tenant-" + key).isEqualTo(limit);
            assertThat(limiter.forKey("tenant-" + key).availablePermits()).isZero();
        }
        assertThat(limiter.trackedKeys()).isEqualTo(keys);
        assertThat(limiter.grantedPermits()).isEqualTo((long) keys * limit);
    }

    @ParameterizedTest
    @EnumSource(RateLimitStrategy.class)
    @Timeout(10)
    void manyThreadsOnMoreKeysThanMaxKeysStayWithinTheBoundAndNeverFail(RateLimitStrategy strategy) throws Exception {
        ManualTime time = new ManualTime();
        int maxKeys = 16;
        RateLimiter limiter = RateLimiter.of(
                "churn",
                RateLimiterConfig.builder()
                        .limit(3)
                        .strategy(strategy)
                        .keyFunction(args -> args[0])
                        .maxKeys(maxKeys)
                        .build(),
                time);
        AtomicLong overBound = new AtomicLong();
        runOnThreads(() -> {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            for (int i = 0; i < 3_000; i++) {
                limiter.forArguments(new Object[] {random.nextInt(200)}).tryAcquire();
                if (limiter.trackedKeys() > maxKeys) {
                    overBound.incrementAndGet();
                }
            }
        });
        assertThat(overBound).hasValue(0);
        assertThat(limiter.trackedKeys()).isEqualTo(maxKeys);
        assertThat(limiter.evictedKeys()).isPositive();
        assertThat(limiter.grantedPermits() + limiter.rejectedRequests()).isEqualTo(THREADS * 3_000L);
    }

    private static void runOnThreads(ThrowingRunnable work) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                workers.add(pool.submit(() -> {
                    start.await();
                    work.run();
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> worker : workers) {
                worker.get(10, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @FunctionalInterface
    private interface ThrowingRunnable {
        void run() throws Exception;
    }
}
