package dev.resilient.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.resilient.backend.BackendFailureMode;
import dev.resilient.pipeline.PipelineConfig;
import dev.resilient.pipeline.ResiliencePipeline;
import dev.resilient.ratelimiter.RateLimitStrategy;
import dev.resilient.ratelimiter.RateLimitedException;
import dev.resilient.ratelimiter.RateLimiter;
import dev.resilient.ratelimiter.RateLimiterConfig;
import dev.resilient.time.Clock;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.event.command.CommandListener;
import io.lettuce.core.event.command.CommandStartedEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class RedisRateLimiterTest extends RealRedisTest {

    private static RateLimiterConfig config(
            RateLimitStrategy strategy, int limit, Duration period, RedisSharedState state) {
        return RateLimiterConfig.builder()
                .limit(limit)
                .period(period)
                .strategy(strategy)
                .backend(state.rateLimiters(BackendFailureMode.DENY))
                .build();
    }

    @ParameterizedTest
    @EnumSource(
            value = RateLimitStrategy.class,
            names = {"TOKEN_BUCKET", "SLIDING_WINDOW"})
    void twoInstancesWithEightThreadsEachNeverExceedTheSharedLimitTogether(RateLimitStrategy strategy)
            throws Exception {
        int limit = 150;
        List<RateLimiter> instances = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            RedisSharedState state = redis.instance();
            instances.add(
                    RateLimiter.of("orders", config(strategy, limit, Duration.ofHours(1), state), Clock.system()));
        }
        AtomicInteger granted = new AtomicInteger();
        AtomicInteger rejected = new AtomicInteger();
        eightThreadsEach(instances, limiter -> {
            if (limiter.tryAcquire()) {
                granted.incrementAndGet();
            } else {
                rejected.incrementAndGet();
            }
        });
        // 16 threads x 40 tries = 640 requests over a window in which 150 permits exist
        assertThat(granted.get()).isEqualTo(limit);
        assertThat(rejected.get()).isEqualTo(640 - limit);
        assertThat(instances.get(0).grantedPermits() + instances.get(1).grantedPermits())
                .isEqualTo(limit);
    }

    /** 8 threads per instance, started together, each making 40 requests; waits for all of them. */
    private static void eightThreadsEach(List<RateLimiter> instances, Consumer<RateLimiter> request)
            throws InterruptedException {
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (RateLimiter limiter : instances) {
            for (int t = 0; t < 8; t++) {
                Thread thread = new Thread(() -> {
                    try {
                        start.await();
                    } catch (InterruptedException e) {
                        return;
                    }
                    for (int n = 0; n < 40; n++) {
                        request.accept(limiter);
                    }
                });
                thread.start();
                threads.add(thread);
            }
        }
        start.countDown();
        for (Thread thread : threads) {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        }
    }

    @Test
    void aRejectionCarriesTheTimeUntilThePermitFrees() {
        RedisSharedState state = redis.instance();
        ResiliencePipeline pipeline = ResiliencePipeline.of(
                "quota",
                PipelineConfig.builder()
                        .rateLimiter(config(RateLimitStrategy.TOKEN_BUCKET, 2, Duration.ofSeconds(20), state))
                        .build());
        pipeline.get(() -> "a");
        pipeline.get(() -> "b");
        assertThatThrownBy(() -> pipeline.get(() -> "c"))
                .isInstanceOfSatisfying(RateLimitedException.class, e -> assertThat(e.retryAfter())
                        .isGreaterThan(Duration.ofSeconds(9))
                        .isLessThanOrEqualTo(Duration.ofSeconds(10)));
    }

    @Test
    void slidingWindowRejectionWaitsForTheOldestPermit() {
        RedisSharedState state = redis.instance();
        RateLimiter limiter = RateLimiter.of(
                "sliding", config(RateLimitStrategy.SLIDING_WINDOW, 1, Duration.ofSeconds(30), state), Clock.system());
        assertThat(limiter.reservePermission()).isZero();
        long reply = limiter.reservePermission();
        assertThat(reply).isNegative();
        assertThat(Duration.ofNanos(limiter.untilPermit(reply)))
                .isGreaterThan(Duration.ofSeconds(29))
                .isLessThanOrEqualTo(Duration.ofSeconds(30));
        assertThat(limiter.availablePermits()).isZero();
        assertThat(Duration.ofNanos(limiter.nanosUntilPermit())).isGreaterThan(Duration.ofSeconds(29));
    }

    @Test
    void aPermitWithinMaxWaitIsReservedAndTheWaitReturned() {
        RedisSharedState state = redis.instance();
        RateLimiterConfig config = config(RateLimitStrategy.TOKEN_BUCKET, 1, Duration.ofSeconds(10), state).toBuilder()
                .maxWait(Duration.ofSeconds(15))
                .build();
        RateLimiter limiter = RateLimiter.of("waiting", config, Clock.system());
        assertThat(limiter.reservePermission()).isZero();
        assertThat(Duration.ofNanos(limiter.reservePermission()))
                .isGreaterThan(Duration.ofSeconds(9))
                .isLessThanOrEqualTo(Duration.ofSeconds(10));
        assertThat(limiter.reservePermission()).isNegative();
    }

    @Test
    void keysCarryTheInstanceAsHashTagAndExpireWhenIdle() {
        RedisSharedState state = redis.instance();
        RateLimiter.of(
                        "tagged",
                        config(RateLimitStrategy.TOKEN_BUCKET, 10, Duration.ofSeconds(5), state),
                        Clock.system())
                .tryAcquire();
        RateLimiter.of(
                        "logged",
                        config(RateLimitStrategy.SLIDING_WINDOW, 10, Duration.ofSeconds(5), state),
                        Clock.system())
                .tryAcquire();
        RedisCommands<String, String> commands = redis.commands();
        List<String> keys = commands.keys(redis.prefix + "*");
        assertThat(keys)
                .containsExactlyInAnyOrder(
                        redis.prefix + "{tagged}:tb", redis.prefix + "{logged}:sw", redis.prefix + "{logged}:sw:seq");
        for (String key : keys) {
            assertThat(commands.pttl(key)).isBetween(1L, 5_001L + 1_000L);
        }
        assertThat(io.lettuce.core.cluster.SlotHash.getSlot(redis.prefix + "{logged}:sw"))
                .isEqualTo(io.lettuce.core.cluster.SlotHash.getSlot(redis.prefix + "{logged}:sw:seq"));
    }

    @Test
    void scriptsRunByShaAndAreReloadedAfterTheServerForgetsThem() {
        RedisSharedState state = redis.instance();
        RateLimiter limiter = RateLimiter.of(
                "reload", config(RateLimitStrategy.TOKEN_BUCKET, 5, Duration.ofHours(1), state), Clock.system());
        assertThat(limiter.tryAcquire()).isTrue();
        RedisCommands<String, String> commands = redis.commands();
        String sha = commands.scriptLoad(dev.resilient.redis.internal.ScriptsAccess.tokenBucketSource());
        assertThat(commands.scriptExists(sha)).containsExactly(true);
        commands.scriptFlush();
        assertThat(limiter.tryAcquire()).isTrue();
        assertThat(commands.scriptExists(sha)).containsExactly(true);
        assertThat(state.failures()).isZero();
    }

    @Test
    void asyncCallsAcquireWithoutBlockingAndShareTheLimit() throws Exception {
        RedisSharedState state = redis.instance();
        ResiliencePipeline pipeline = ResiliencePipeline.of(
                "async",
                PipelineConfig.builder()
                        .rateLimiter(config(RateLimitStrategy.SLIDING_WINDOW, 3, Duration.ofHours(1), state))
                        .build());
        List<CompletableFuture<String>> results = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            results.add(pipeline.<String>executeAsync(() -> CompletableFuture.completedFuture("ok"))
                    .toCompletableFuture());
        }
        int ok = 0;
        int limited = 0;
        for (CompletableFuture<String> result : results) {
            try {
                result.get(5, TimeUnit.SECONDS);
                ok++;
            } catch (java.util.concurrent.ExecutionException e) {
                assertThat(e.getCause()).isInstanceOf(RateLimitedException.class);
                limited++;
            }
        }
        assertThat(ok).isEqualTo(3);
        assertThat(limited).isEqualTo(2);
    }

    private static RateLimiterConfig perKey(
            RateLimitStrategy strategy, int limit, Duration period, RedisSharedState state) {
        return config(strategy, limit, period, state).toBuilder()
                .keyFunction(args -> args[0])
                .build();
    }

    @ParameterizedTest
    @EnumSource(
            value = RateLimitStrategy.class,
            names = {"TOKEN_BUCKET", "SLIDING_WINDOW"})
    void twoKeysEachGetTheirOwnExactLimit(RateLimitStrategy strategy) {
        RedisSharedState state = redis.instance();
        RateLimiter limiter =
                RateLimiter.of("tenants", perKey(strategy, 5, Duration.ofHours(1), state), Clock.system());
        int a = 0;
        int b = 0;
        for (int i = 0; i < 8; i++) {
            a += limiter.forArguments(new Object[] {"tenant-a"}).tryAcquire() ? 1 : 0;
        }
        for (int i = 0; i < 8; i++) {
            b += limiter.forArguments(new Object[] {"tenant-b"}).tryAcquire() ? 1 : 0;
        }
        assertThat(a).isEqualTo(5);
        assertThat(b).isEqualTo(5);
        assertThat(limiter.forKey("tenant-a").availablePermits()).isZero();
        assertThat(limiter.forKey("tenant-c").availablePermits()).isEqualTo(5);
        assertThat(limiter.trackedKeys()).isEqualTo(3);
    }

    @ParameterizedTest
    @EnumSource(
            value = RateLimitStrategy.class,
            names = {"TOKEN_BUCKET", "SLIDING_WINDOW"})
    void twoInstancesWithEightThreadsEachNeverExceedAKeysSharedLimitTogether(RateLimitStrategy strategy)
            throws Exception {
        int limit = 30;
        int keys = 3;
        List<RateLimiter> instances = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            RedisSharedState state = redis.instance();
            instances.add(
                    RateLimiter.of("per-tenant", perKey(strategy, limit, Duration.ofHours(1), state), Clock.system()));
        }
        AtomicIntegerArray granted = new AtomicIntegerArray(keys);
        eightThreadsEach(instances, limiter -> {
            int key = ThreadLocalRandom.current().nextInt(keys);
            if (limiter.forArguments(new Object[] {"tenant-" + key}).tryAcquire()) {
                granted.incrementAndGet(key);
            }
        });
        // 640 requests over 3 keys: each key gets exactly its own limit, across both instances
        for (int key = 0; key < keys; key++) {
            assertThat(granted.get(key)).as("tenant-" + key).isEqualTo(limit);
        }
        assertThat(instances.get(0).grantedPermits() + instances.get(1).grantedPermits())
                .isEqualTo((long) keys * limit);
    }

    @Test
    void eachKeysRedisKeysCarryTheNameAndTheKeyAsHashTagAndExpireWhenIdle() {
        RedisSharedState state = redis.instance();
        RateLimiter bucket = RateLimiter.of(
                "bucket", perKey(RateLimitStrategy.TOKEN_BUCKET, 10, Duration.ofSeconds(5), state), Clock.system());
        RateLimiter window = RateLimiter.of(
                "window", perKey(RateLimitStrategy.SLIDING_WINDOW, 10, Duration.ofSeconds(5), state), Clock.system());
        String longKey = "x".repeat(300);
        bucket.forKey("tenant-a").tryAcquire();
        bucket.forKey("{odd}").tryAcquire();
        bucket.forKey(null).tryAcquire();
        bucket.forKey(longKey).tryAcquire();
        window.forKey("tenant-a").tryAcquire();
        RedisCommands<String, String> commands = redis.commands();
        List<String> keys = commands.keys(redis.prefix + "*");
        assertThat(keys)
                .contains(
                        redis.prefix + "{bucket:tenant-a}:tb",
                        redis.prefix + "{bucket:odd}:tb",
                        redis.prefix + "{bucket:null}:tb",
                        redis.prefix + "{window:tenant-a}:sw",
                        redis.prefix + "{window:tenant-a}:sw:seq")
                .hasSize(6)
                .anySatisfy(key -> assertThat(key).startsWith(redis.prefix + "{bucket:sha256:"));
        for (String key : keys) {
            assertThat(commands.pttl(key)).isBetween(1L, 5_001L + 1_000L);
        }
        assertThat(io.lettuce.core.cluster.SlotHash.getSlot(redis.prefix + "{window:tenant-a}:sw"))
                .isEqualTo(io.lettuce.core.cluster.SlotHash.getSlot(redis.prefix + "{window:tenant-a}:sw:seq"));
    }

    @Test
    void aPerKeyAcquireIsOneRoundTripLikeAnyOther() {
        RedisClient client = redis.client();
        LongAdder commands = new LongAdder();
        client.addListener(new CommandListener() {
            @Override
            public void commandStarted(CommandStartedEvent event) {
                commands.increment();
            }
        });
        try (RedisSharedState state = RedisSharedState.builder(client)
                .keyPrefix(redis.prefix)
                .commandTimeout(Duration.ofSeconds(2))
                .build()) {
            RateLimiter limiter = RateLimiter.of(
                    "trips", perKey(RateLimitStrategy.TOKEN_BUCKET, 100, Duration.ofHours(1), state), Clock.system());
            limiter.forKey("warm").tryAcquire(); // loads the script
            long before = commands.sum();
            for (int i = 0; i < 20; i++) {
                assertThat(limiter.forKey("tenant-" + (i % 4)).tryAcquire()).isTrue();
            }
            assertThat(commands.sum() - before).isEqualTo(20);
        }
    }

    @Test
    void evictingAKeyFromTheLocalBoundForgetsNothingItsCountStaysInRedis() {
        RedisSharedState state = redis.instance();
        RateLimiter limiter = RateLimiter.of(
                "evicting",
                perKey(RateLimitStrategy.SLIDING_WINDOW, 2, Duration.ofHours(1), state).toBuilder()
                        .maxKeys(1)
                        .build(),
                Clock.system());
        assertThat(limiter.forKey("a").tryAcquire(2)).isTrue();
        assertThat(limiter.forKey("b").tryAcquire()).isTrue(); // evicts a locally
        assertThat(limiter.evictedKeys()).isEqualTo(1);
        assertThat(limiter.forKey("a").tryAcquire()).isFalse();
        assertThat(limiter.trackedKeys()).isEqualTo(1);
    }

    @Test
    void asyncCallsOfOneKeyShareItsLimitAndLeaveOtherKeysAlone() throws Exception {
        RedisSharedState state = redis.instance();
        ResiliencePipeline pipeline = ResiliencePipeline.of(
                "async-tenants",
                PipelineConfig.builder()
                        .rateLimiter(perKey(RateLimitStrategy.TOKEN_BUCKET, 2, Duration.ofHours(1), state))
                        .build());
        int ok = 0;
        int limited = 0;
        for (int i = 0; i < 4; i++) {
            try {
                pipeline.<String>executeAsync(() -> CompletableFuture.completedFuture("ok"), new Object[] {"a"})
                        .toCompletableFuture()
                        .get(5, TimeUnit.SECONDS);
                ok++;
            } catch (java.util.concurrent.ExecutionException e) {
                assertThat(e.getCause()).isInstanceOf(RateLimitedException.class);
                limited++;
            }
        }
        assertThat(ok).isEqualTo(2);
        assertThat(limited).isEqualTo(2);
        assertThat(pipeline.<String>executeAsync(() -> CompletableFuture.completedFuture("b"), new Object[] {"b"})
                        .toCompletableFuture()
                        .get(5, TimeUnit.SECONDS))
                .isEqualTo("b");
    }
}
