package dev.resilient.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.resilient.backend.BackendFailureMode;
import dev.resilient.backend.BackendUnavailableException;
import dev.resilient.cache.FailureCacheConfig;
import dev.resilient.pipeline.PipelineConfig;
import dev.resilient.pipeline.ResiliencePipeline;
import dev.resilient.ratelimiter.RateLimitStrategy;
import dev.resilient.ratelimiter.RateLimitedException;
import dev.resilient.ratelimiter.RateLimiterConfig;
import dev.resilient.redis.testing.RedisServerProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Redis killed in the middle of a test: every mode answers within the command timeout, then recovers. */
class RedisOutageTest {

    private static final Duration COMMAND_TIMEOUT = Duration.ofMillis(500);

    private RedisServerProcess server;
    private RedisTestSupport redis;

    @BeforeEach
    void setUp() {
        server = RedisServerProcess.startNew();
        redis = new RedisTestSupport(server);
    }

    @AfterEach
    void tearDown() throws Exception {
        redis.close();
        server.close();
    }

    private ResiliencePipeline limited(RedisSharedState state, BackendFailureMode mode) {
        return ResiliencePipeline.of(
                "outage-" + mode,
                PipelineConfig.builder()
                        .rateLimiter(RateLimiterConfig.builder()
                                .limit(3)
                                .period(Duration.ofHours(1))
                                .strategy(RateLimitStrategy.TOKEN_BUCKET)
                                .backend(state.rateLimiters(mode))
                                .build())
                        .build());
    }

    /** Runs 8 threads x {@code calls} calls; returns the outcome counts; fails if a thread is stuck. */
    private static Map<String, Integer> hammer(ResiliencePipeline pipeline, int calls) throws Exception {
        Map<String, Integer> outcomes = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < calls; i++) {
                        String outcome;
                        try {
                            pipeline.get(() -> "ok");
                            outcome = "ok";
                        } catch (RateLimitedException e) {
                            outcome = "limited";
                        } catch (BackendUnavailableException e) {
                            outcome = "unavailable";
                        }
                        outcomes.merge(outcome, 1, Integer::sum);
                    }
                }));
            }
            for (Future<?> future : futures) {
                // every call answers within the command timeout: 8 x 5 calls take well under 5 s
                future.get(5, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        return outcomes;
    }

    @Test
    void allowFailsOpenWhileRedisIsDownAndTheSharedLimitReturnsWithIt() throws Exception {
        RedisSharedState state = redis.instance(COMMAND_TIMEOUT);
        ResiliencePipeline pipeline = limited(state, BackendFailureMode.ALLOW);
        assertThat(hammer(pipeline, 1)).containsEntry("ok", 3).containsEntry("limited", 5);

        server.kill();
        long start = System.nanoTime();
        assertThat(hammer(pipeline, 5)).containsOnlyKeys("ok").containsEntry("ok", 40);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
        assertThat(state.available()).isFalse();
        assertThat(state.failures()).isPositive();

        server.start(); // an empty server: the bucket is full again
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            pipeline.get(() -> "probe");
            return state.available();
        });
        // the probe took one of the 3 permits of the new server's bucket
        assertThat(hammer(pipeline, 1)).containsEntry("ok", 2).containsEntry("limited", 6);
    }

    @Test
    void aSlowRedisCountsAsDownAfterTheCommandTimeoutAndIsLoggedOnce() throws Exception {
        ch.qos.logback.classic.Logger logger = (ch.qos.logback.classic.Logger)
                org.slf4j.LoggerFactory.getLogger(dev.resilient.redis.internal.BackendHealth.class);
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> appender =
                new ch.qos.logback.core.read.ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        try {
            RedisSharedState state = redis.instance(COMMAND_TIMEOUT);
            ResiliencePipeline pipeline = limited(state, BackendFailureMode.DENY);
            assertThat(pipeline.get(() -> "ok")).isEqualTo("ok");
            // the server itself stalls for 3 s (a busy script): every command waits
            var stall = redis.client()
                    .connect()
                    .async()
                    .eval(
                            "local t = redis.call('TIME'); local stop = t[1] * 1000000 + t[2] + 3000000;"
                                    + " repeat t = redis.call('TIME') until t[1] * 1000000 + t[2] >= stop;"
                                    + " return 1",
                            io.lettuce.core.ScriptOutputType.INTEGER);
            Thread.sleep(50); // let DEBUG SLEEP reach the server first
            long start = System.nanoTime();
            assertThat(hammer(pipeline, 5)).containsOnlyKeys("unavailable");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(2_500));
            stall.get(5, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(5)).until(() -> {
                try {
                    pipeline.get(() -> "probe");
                } catch (RateLimitedException | BackendUnavailableException e) {
                    // commands sent before they timed out were still run by the server once it
                    // was free again: they may have spent permits (over-counting, never under)
                }
                return state.available();
            });
            assertThat(appender.list)
                    .filteredOn(e -> e.getLevel() == ch.qos.logback.classic.Level.WARN)
                    .hasSize(1)
                    .first()
                    .satisfies(e -> assertThat(e.getFormattedMessage()).contains("command timeout of 500 ms"));
            assertThat(appender.list)
                    .filteredOn(e -> e.getLevel() == ch.qos.logback.classic.Level.INFO)
                    .extracting(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage)
                    .containsExactly("Redis answers again; shared resilience state is back in use");
        } finally {
            logger.detachAppender(appender);
        }
    }

    @Test
    void redisDownAtStartUpDoesNotStopTheInstanceWhichConnectsWhenRedisComesUp() throws Exception {
        server.kill();
        RedisSharedState state = redis.instance(COMMAND_TIMEOUT);
        assertThat(state.available()).isFalse();
        ResiliencePipeline pipeline = limited(state, BackendFailureMode.LOCAL);
        ResiliencePipeline breaker = ResiliencePipeline.of(
                "late-circuit",
                PipelineConfig.builder()
                        .circuitBreaker(dev.resilient.circuitbreaker.CircuitBreakerConfig.builder()
                                .sharedState(state.circuitState())
                                .build())
                        .build());
        assertThat(breaker.get(() -> "closed")).isEqualTo("closed");
        assertThat(hammer(pipeline, 1)).containsEntry("ok", 3).containsEntry("limited", 5);

        server.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            try {
                pipeline.get(() -> "probe");
            } catch (RateLimitedException e) {
                // the local limiter until the connection is up
            }
            return state.available();
        });
        RedisSharedState other = redis.instance(COMMAND_TIMEOUT);
        ResiliencePipeline shared = limited(other, BackendFailureMode.LOCAL);
        // both count in Redis now: 3 permits an hour together, the probe may have taken one
        int ok = hammer(pipeline, 1).getOrDefault("ok", 0) + hammer(shared, 1).getOrDefault("ok", 0);
        assertThat(ok).isBetween(2, 3);
    }

    @Test
    void denyFailsClosedWithABackendUnavailableException() throws Exception {
        RedisSharedState state = redis.instance(COMMAND_TIMEOUT);
        ResiliencePipeline pipeline = limited(state, BackendFailureMode.DENY);
        assertThat(hammer(pipeline, 1)).containsEntry("ok", 3);

        server.kill();
        assertThat(hammer(pipeline, 5)).containsOnlyKeys("unavailable").containsEntry("unavailable", 40);

        server.start();
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> {
            pipeline.get(() -> "probe");
            return state.available();
        });
        assertThat(hammer(pipeline, 1)).doesNotContainKey("unavailable");
    }

    @Test
    void localFallsBackToThisInstancesLimit() throws Exception {
        RedisSharedState state = redis.instance(COMMAND_TIMEOUT);
        ResiliencePipeline pipeline = limited(state, BackendFailureMode.LOCAL);
        assertThat(hammer(pipeline, 1)).containsEntry("ok", 3).containsEntry("limited", 5);

        server.kill();
        // the in-memory limiter has its own 3 permits an hour
        assertThat(hammer(pipeline, 5)).containsEntry("ok", 3).containsEntry("limited", 37);

        server.start();
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> {
            try {
                pipeline.get(() -> "probe");
            } catch (RateLimitedException expected) {
                // the new server's bucket: 3 permits, then limited
            }
            return state.available();
        });
        assertThat(state.fallbacks()).isPositive();
    }

    @Test
    void asyncCallsNeverBlockWhileRedisIsDown() throws Exception {
        RedisSharedState state = redis.instance(COMMAND_TIMEOUT);
        ResiliencePipeline pipeline = limited(state, BackendFailureMode.DENY);
        server.kill();
        List<CompletableFuture<String>> results = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < 20; i++) {
            results.add(pipeline.<String>executeAsync(() -> CompletableFuture.completedFuture("ok"))
                    .toCompletableFuture());
        }
        // issuing the calls did not wait for Redis
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(COMMAND_TIMEOUT.multipliedBy(2));
        for (CompletableFuture<String> result : results) {
            assertThat(result)
                    .failsWithin(Duration.ofSeconds(2))
                    .withThrowableThat()
                    .havingCause()
                    .isInstanceOf(BackendUnavailableException.class);
        }
    }

    @Test
    void failureCacheModesWhileRedisIsDown() throws Exception {
        RedisSharedState state = redis.instance(COMMAND_TIMEOUT);
        Map<BackendFailureMode, ResiliencePipeline> pipelines = new java.util.EnumMap<>(BackendFailureMode.class);
        for (BackendFailureMode mode : BackendFailureMode.values()) {
            pipelines.put(
                    mode,
                    ResiliencePipeline.of(
                            "fc-" + mode,
                            PipelineConfig.builder()
                                    .failureCache(FailureCacheConfig.builder()
                                            .ttl(Duration.ofMinutes(1))
                                            .store(state.failureStores(mode))
                                            .build())
                                    .build()));
        }
        server.kill();
        for (var entry : pipelines.entrySet()) {
            ResiliencePipeline pipeline = entry.getValue();
            switch (entry.getKey()) {
                case ALLOW -> assertThat(pipeline.get(() -> "ran")).isEqualTo("ran");
                case DENY ->
                    org.assertj.core.api.Assertions.assertThatThrownBy(() -> pipeline.get(() -> "ran"))
                            .isInstanceOf(BackendUnavailableException.class);
                case LOCAL -> {
                    org.assertj.core.api.Assertions.assertThatThrownBy(() -> pipeline.get(() -> {
                                throw new IllegalStateException("down");
                            }))
                            .isInstanceOf(IllegalStateException.class);
                    // remembered in memory while Redis is away
                    org.assertj.core.api.Assertions.assertThatThrownBy(() -> pipeline.get(() -> "ran"))
                            .isInstanceOf(dev.resilient.cache.FailureCachedException.class);
                }
            }
        }
    }
}
