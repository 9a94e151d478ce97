package dev.resilient.benchmarks.redis;

import dev.resilient.backend.BackendFailureMode;
import dev.resilient.ratelimiter.RateLimitStrategy;
import dev.resilient.ratelimiter.RateLimiter;
import dev.resilient.ratelimiter.RateLimiterConfig;
import dev.resilient.redis.RedisSharedState;
import dev.resilient.redis.testing.RedisServerProcess;
import dev.resilient.time.Clock;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.distributed.BucketProxy;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.event.command.CommandListener;
import io.lettuce.core.event.command.CommandStartedEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One acquire from a rate limiter whose state is in Redis: resilient's token bucket and sliding
 * window (one {@code EVALSHA} each) and Bucket4j's Lettuce backend (compare-and-swap), against one
 * real Redis server on loopback that the benchmark starts itself (the system's {@code redis-server},
 * else embedded-redis's binary). The limit is never reached, so every acquire is a grant. At the end
 * of each trial the commands the client sent per acquire (each one a request and its reply: a round
 * trip) are printed ({@code round trips per acquire}), counted by a Lettuce command listener.
 * {@code resilientTokenBucketPerKey} takes its permit from one of {@value #KEYS} keys of a per-key
 * limit ({@code rate-limit.key}), each key a bucket of its own in Redis, cycling through them. Run
 * with {@code -t 1} and {@code -t 8} ({@code run-benchmarks.sh}'s {@code redis} group).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class DistributedRateLimiterBenchmark {

    private static final int LIMIT = 1_000_000_000;
    private static final Duration PERIOD = Duration.ofSeconds(10);
    static final int KEYS = 1024;
    private static final Object[][] KEY_ARGUMENTS = new Object[KEYS][];

    static {
        for (int i = 0; i < KEYS; i++) {
            KEY_ARGUMENTS[i] = new Object[] {"tenant-" + i};
        }
    }

    private RedisServerProcess server;
    private RedisClient client;
    private RedisSharedState shared;
    private StatefulRedisConnection<byte[], byte[]> bucket4jConnection;
    private final LongAdder commands = new LongAdder();
    private RateLimiter tokenBucket;
    private RateLimiter slidingWindow;
    private RateLimiter perKey;
    private final AtomicInteger nextKey = new AtomicInteger();
    private BucketProxy bucket4j;
    private final LongAdder acquires = new LongAdder();
    private long commandsBefore;

    @Setup(Level.Trial)
    public void setUp() {
        server = RedisServerProcess.startNew();
        client = RedisClient.create(server.uri());
        client.addListener(new CommandListener() {
            @Override
            public void commandStarted(CommandStartedEvent event) {
                commands.increment();
            }
        });
        shared = RedisSharedState.builder(client)
                .keyPrefix("bench:")
                .commandTimeout(Duration.ofSeconds(2))
                .build();
        tokenBucket = RateLimiter.of("token-bucket", config(RateLimitStrategy.TOKEN_BUCKET), Clock.system());
        // a window of 10 s: the log the script keeps holds the acquires of the last 10 s
        slidingWindow = RateLimiter.of("sliding-window", config(RateLimitStrategy.SLIDING_WINDOW), Clock.system());
        perKey = RateLimiter.of(
                "per-key",
                config(RateLimitStrategy.TOKEN_BUCKET).toBuilder()
                        .keyFunction(args -> args[0])
                        .build(),
                Clock.system());
        bucket4jConnection = client.connect(io.lettuce.core.codec.ByteArrayCodec.INSTANCE);
        bucket4j = Bucket4jLettuce.casBasedBuilder(bucket4jConnection)
                .expirationAfterWrite(
                        ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(PERIOD.multipliedBy(2)))
                .build()
                .builder()
                .build("bucket4j".getBytes(StandardCharsets.UTF_8), () -> BucketConfiguration.builder()
                        .addLimit(limit -> limit.capacity(LIMIT).refillGreedy(LIMIT, PERIOD))
                        .build());
        // warm every path once (scripts loaded), then count from here
        tokenBucket.tryAcquire();
        slidingWindow.tryAcquire();
        for (Object[] args : KEY_ARGUMENTS) {
            perKey.forArguments(args).tryAcquire();
        }
        bucket4j.tryConsume(1);
        commandsBefore = commands.sum();
    }

    private RateLimiterConfig config(RateLimitStrategy strategy) {
        return RateLimiterConfig.builder()
                .limit(LIMIT)
                .period(PERIOD)
                .strategy(strategy)
                .backend(shared.rateLimiters(BackendFailureMode.DENY))
                .build();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        long sent = commands.sum() - commandsBefore;
        long ops = acquires.sum();
        System.out.printf(
                "%nround trips per acquire: %.2f (%d commands / %d acquires)%n",
                ops == 0 ? 0.0 : (double) sent / ops, sent, ops);
        bucket4jConnection.close();
        shared.close();
        client.shutdown();
        server.close();
    }

    @Benchmark
    public boolean resilientTokenBucket() {
        acquires.increment();
        return tokenBucket.tryAcquire();
    }

    @Benchmark
    public boolean resilientSlidingWindow() {
        acquires.increment();
        return slidingWindow.tryAcquire();
    }

    @Benchmark
    public boolean resilientTokenBucketPerKey() {
        acquires.increment();
        return perKey.forArguments(KEY_ARGUMENTS[nextKey.getAndIncrement() & (KEYS - 1)])
                .tryAcquire();
    }

    @Benchmark
    public boolean bucket4jLettuce() {
        acquires.increment();
        return bucket4j.tryConsume(1);
    }
}
