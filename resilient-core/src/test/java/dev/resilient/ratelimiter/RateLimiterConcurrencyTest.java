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
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                workers.add(pool.submit(() -> {
                    start.await();
                    ThreadLocalRandom random = ThreadLocalRandom.current();
                    for (int i = 0; i < 2_000; i++) {
                        int permits = 1 + random.nextInt(3);
                        boolean ok = random.nextBoolean()
                                ? limiter.tryAcquire(permits)
                                : limiter.reservePermission(permits) == 0;
                        if (ok) {
                            granted.addAndGet(permits);
                        }
                    }
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
        assertThat(granted.get()).isLessThanOrEqualTo(limit).isGreaterThan(limit - 3);
        assertThat(limiter.grantedPermits()).isEqualTo(granted.get());
        assertThat(limiter.availablePermits()).isEqualTo(limit - (int) granted.get());
    }
}
