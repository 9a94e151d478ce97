package dev.resilient.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.resilient.ResilienceRuntime;
import dev.resilient.cache.FailureCache;
import dev.resilient.cache.FailureCacheConfig;
import dev.resilient.cache.FailureCachedException;
import dev.resilient.cache.FailureStore;
import dev.resilient.circuitbreaker.CircuitBreaker;
import dev.resilient.circuitbreaker.CircuitBreakerConfig;
import dev.resilient.circuitbreaker.CircuitState;
import dev.resilient.circuitbreaker.SharedCircuitState;
import dev.resilient.observation.alert.Alert;
import dev.resilient.observation.alert.AlertConfig;
import dev.resilient.observation.alert.AlertCooldown;
import dev.resilient.pipeline.PipelineConfig;
import dev.resilient.pipeline.ResiliencePipeline;
import dev.resilient.ratelimiter.RateLimitedException;
import dev.resilient.ratelimiter.RateLimiter;
import dev.resilient.ratelimiter.RateLimiterBackend;
import dev.resilient.ratelimiter.RateLimiterConfig;
import dev.resilient.time.ManualTime;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The seams for state shared beyond one JVM, each driven by a second, in-process implementation
 * that two pipelines share (what resilient-redis does across JVMs).
 */
class SharedStateSeamsTest {

    private final ManualTime time = new ManualTime();
    private final ResilienceRuntime runtime = ResilienceRuntime.manual(time);

    /** Permits counted by one in-memory limiter that every limiter of the name shares. */
    static final class SharedPermits implements RateLimiterBackend.Factory {
        final Map<String, RateLimiter> limiters = new ConcurrentHashMap<>();
        final AtomicInteger asyncCalls = new AtomicInteger();

        @Override
        public RateLimiterBackend create(String name, RateLimiterConfig config, dev.resilient.time.Clock clock) {
            RateLimiter shared = limiters.computeIfAbsent(
                    name,
                    n -> RateLimiter.of(n, config.toBuilder().backend(null).build(), clock));
            return new RateLimiterBackend() {
                @Override
                public long reserve(int permits, long maxWaitNanos) {
                    long wait = shared.reservePermission(permits);
                    return wait >= 0 ? wait : RateLimiterBackend.rejection(shared.nanosUntilPermit());
                }

                @Override
                public java.util.concurrent.CompletionStage<Long> reserveAsync(int permits, long maxWaitNanos) {
                    asyncCalls.incrementAndGet();
                    return RateLimiterBackend.super.reserveAsync(permits, maxWaitNanos);
                }

                @Override
                public int availablePermits() {
                    return shared.availablePermits();
                }

                @Override
                public long nanosUntilPermit() {
                    return shared.nanosUntilPermit();
                }
            };
        }
    }

    private RateLimiterConfig limit(int permits, SharedPermits backend) {
        return RateLimiterConfig.builder()
                .limit(permits)
                .period(Duration.ofSeconds(10))
                .backend(backend)
                .build();
    }

    @Test
    void limitersWithOneBackendShareTheLimitAndRejectionsCarryTheWait() {
        SharedPermits backend = new SharedPermits();
        RateLimiter a = RateLimiter.of("quota", limit(2, backend), time);
        RateLimiter b = RateLimiter.of("quota", limit(2, backend), time);
        assertThat(a.shared()).isTrue();
        assertThat(a.tryAcquire()).isTrue();
        assertThat(b.availablePermits()).isEqualTo(1);
        assertThat(b.reservePermission()).isZero();
        long reply = a.reservePermission();
        assertThat(reply).isNegative().isNotEqualTo(RateLimiter.NOT_PERMITTED);
        assertThat(a.untilPermit(reply)).isEqualTo(Duration.ofSeconds(5).toNanos());
        assertThat(a.nanosUntilPermit()).isEqualTo(Duration.ofSeconds(5).toNanos());
        assertThat(b.tryAcquire()).isFalse();
        assertThat(a.grantedPermits() + b.grantedPermits()).isEqualTo(2);
        assertThat(a.rejectedRequests() + b.rejectedRequests()).isEqualTo(2);
    }

    @Test
    void perKeyLimitersShareEachKeysLimitThroughTheBackendUnderTheNameAndTheKey() {
        SharedPermits backend = new SharedPermits();
        RateLimiterConfig perTenant =
                limit(2, backend).toBuilder().keyFunction(args -> args[0]).build();
        RateLimiter a = RateLimiter.of("quota", perTenant, time);
        RateLimiter b = RateLimiter.of("quota", perTenant, time);
        assertThat(a.shared()).isTrue();
        assertThat(a.forKey("t1").tryAcquire()).isTrue();
        assertThat(b.forArguments(new Object[] {"t1"}).tryAcquire()).isTrue();
        assertThat(a.forKey("t1").tryAcquire()).isFalse();
        assertThat(b.forKey("t2").tryAcquire(2)).isTrue();
        assertThat(a.forKey(null).tryAcquire()).isTrue();
        // the default Factory.create(name, key, ...) names each key's backend "<name>:<key>"
        assertThat(backend.limiters).containsOnlyKeys("quota:t1", "quota:t2", "quota:null");
        assertThat(backend.limiters.get("quota:t1").config().perKey()).isFalse();
    }

    @Test
    void aRetryAfterBlocksOnlyTheLimiterThatReceivedIt() {
        SharedPermits backend = new SharedPermits();
        RateLimiter a = RateLimiter.of("api", limit(5, backend), time);
        RateLimiter b = RateLimiter.of("api", limit(5, backend), time);
        a.onRetryAfter(Duration.ofSeconds(3));
        long reply = a.reservePermission();
        assertThat(a.untilPermit(reply)).isEqualTo(Duration.ofSeconds(3).toNanos());
        assertThat(a.availablePermits()).isZero();
        assertThat(a.nanosUntilPermit()).isEqualTo(Duration.ofSeconds(3).toNanos());
        assertThat(b.tryAcquire()).isTrue();
        time.advance(Duration.ofSeconds(3));
        assertThat(a.tryAcquire()).isTrue();
    }

    @Test
    void aRetryAfterWithinMaxWaitAddsToTheSharedWait() {
        SharedPermits backend = new SharedPermits();
        RateLimiterConfig config =
                limit(1, backend).toBuilder().maxWait(Duration.ofSeconds(20)).build();
        RateLimiter a = RateLimiter.of("api", config, time);
        a.onRetryAfter(Duration.ofSeconds(2));
        assertThat(a.reservePermission()).isEqualTo(Duration.ofSeconds(2).toNanos());
    }

    @Test
    void asyncCallsAskTheBackendAsynchronouslyThroughThePipeline() {
        SharedPermits backend = new SharedPermits();
        ResiliencePipeline pipeline = ResiliencePipeline.of(
                "async", PipelineConfig.builder().rateLimiter(limit(1, backend)).build(), runtime);
        assertThat(pipeline.<String>executeAsync(() -> CompletableFuture.completedFuture("ok"))
                        .toCompletableFuture())
                .isCompletedWithValue("ok");
        assertThat(pipeline.<String>executeAsync(() -> CompletableFuture.completedFuture("ok"))
                        .toCompletableFuture())
                .isCompletedExceptionally()
                .failsWithin(Duration.ZERO)
                .withThrowableThat()
                .havingCause()
                .isInstanceOfSatisfying(RateLimitedException.class, e -> assertThat(e.retryAfter())
                        .isEqualTo(Duration.ofSeconds(10)));
        assertThat(backend.asyncCalls).hasValue(2);
        RateLimiter blocked = RateLimiter.of("async-blocked", limit(1, backend), time);
        blocked.onRetryAfter(Duration.ofSeconds(1));
        assertThat(blocked.reservePermissionAsync().toCompletableFuture().join())
                .isNegative();
        assertThat(RateLimiter.of("local", RateLimiterConfig.ofDefaults(), time)
                        .reservePermissionAsync()
                        .toCompletableFuture()
                        .join())
                .isZero();
    }

    @Test
    void aBackendRejectionThatIsNotALimitFailsTheCall() {
        RateLimiterBackend.Factory failing = (name, config, clock) -> new RateLimiterBackend() {
            @Override
            public long reserve(int permits, long maxWaitNanos) {
                throw new BackendUnavailableException(name, "test store", new IllegalStateException("down"));
            }

            @Override
            public int availablePermits() {
                return 0;
            }

            @Override
            public long nanosUntilPermit() {
                return 0;
            }
        };
        ResiliencePipeline pipeline = ResiliencePipeline.of(
                "deny",
                PipelineConfig.builder()
                        .rateLimiter(
                                RateLimiterConfig.builder().backend(failing).build())
                        .build(),
                runtime);
        assertThatThrownBy(() -> pipeline.get(() -> "x"))
                .isInstanceOfSatisfying(BackendUnavailableException.class, e -> {
                    assertThat(e.backend()).isEqualTo("test store");
                    assertThat(e.retryable()).isTrue();
                    assertThat(e).hasMessageContaining("fails closed").hasCauseInstanceOf(IllegalStateException.class);
                });
        assertThat(pipeline.<String>executeAsync(() -> CompletableFuture.completedFuture("x"))
                        .toCompletableFuture())
                .isCompletedExceptionally();
    }

    @Test
    void failuresRememberedInASharedStoreAreSkippedByEveryPipelineUsingIt() {
        Map<String, FailureCache> stores = new ConcurrentHashMap<>();
        FailureStore.Factory shared = (name, config, local) -> stores.computeIfAbsent(
                name, n -> new FailureCache(config.toBuilder().build(), time));
        FailureCacheConfig config = FailureCacheConfig.builder()
                .ttl(Duration.ofMinutes(1))
                .store(shared)
                .build();
        assertThat(config.store()).isSameAs(shared);
        assertThat(config.toString()).contains("store=");
        ResiliencePipeline a = ResiliencePipeline.of(
                "lookup", PipelineConfig.builder().failureCache(config).build(), runtime);
        ResiliencePipeline b = ResiliencePipeline.of(
                "lookup", PipelineConfig.builder().failureCache(config).build(), runtime);
        assertThatThrownBy(() -> a.execute(
                        () -> {
                            throw new IllegalStateException("down");
                        },
                        new Object[] {"k"}))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> b.execute(() -> "skipped", new Object[] {"k"}))
                .isInstanceOfSatisfying(FailureCachedException.class, e -> assertThat(e.remaining())
                        .isEqualTo(Duration.ofMinutes(1)));
        assertThat(b.<String>executeAsync(() -> CompletableFuture.completedFuture("skipped"), new Object[] {"k"})
                        .toCompletableFuture())
                .isCompletedExceptionally();
        // the pipelines' own in-memory caches stay empty
        assertThat(a.failureCache().orElseThrow().size()).isZero();
        assertThat(b.<String>executeAsync(() -> CompletableFuture.completedFuture("other"), new Object[] {"j"})
                        .toCompletableFuture())
                .isCompletedWithValue("other");
    }

    @Test
    void aSharedCooldownLetsOneOfTwoAlertManagersSend() throws Exception {
        Map<String, Integer> claimed = new ConcurrentHashMap<>();
        AlertCooldown cooldown = (instance, level, duration) -> claimed.putIfAbsent(instance, level) == null;
        List<Alert> alerts = new CopyOnWriteArrayList<>();
        AlertConfig config = AlertConfig.builder()
                .threshold(2)
                .sink(alerts::add)
                .sharedCooldown(cooldown)
                .build();
        assertThat(config.toBuilder().build().sharedCooldown()).isSameAs(cooldown);
        ResiliencePipeline a = ResiliencePipeline.of(
                "pay", PipelineConfig.builder().alert(config).build(), runtime);
        ResiliencePipeline b = ResiliencePipeline.of(
                "pay", PipelineConfig.builder().alert(config).build(), runtime);
        for (ResiliencePipeline pipeline : List.of(a, b, a, b)) {
            try {
                pipeline.get(() -> {
                    throw new IllegalStateException("down");
                });
            } catch (IllegalStateException expected) {
                // counted
            }
        }
        assertThat(alerts).hasSize(1);
    }

    @Test
    void aSharedCircuitStateIsAttachedToThePipelinesBreaker() {
        List<CircuitBreaker> breakers = new CopyOnWriteArrayList<>();
        SharedCircuitState shared = breaker -> {
            breakers.add(breaker);
            breaker.onStateChange((from, previous, to) -> {
                if (to == CircuitState.OPEN) {
                    breakers.stream()
                            .filter(other -> other != from && other.state() == CircuitState.CLOSED)
                            .forEach(CircuitBreaker::transitionToOpen);
                }
            });
        };
        CircuitBreakerConfig config = CircuitBreakerConfig.builder()
                .failureThreshold(1)
                .sharedState(shared)
                .build();
        assertThat(config.toBuilder().build().sharedState()).isSameAs(shared);
        assertThat(config.toString()).contains("sharedState");
        ResiliencePipeline a = ResiliencePipeline.of(
                "charge", PipelineConfig.builder().circuitBreaker(config).build(), runtime);
        ResiliencePipeline b = ResiliencePipeline.of(
                "charge", PipelineConfig.builder().circuitBreaker(config).build(), runtime);
        assertThatThrownBy(() -> a.get(() -> {
                    throw new IllegalStateException("down");
                }))
                .isInstanceOf(IllegalStateException.class);
        assertThat(b.circuitBreaker().orElseThrow().state()).isEqualTo(CircuitState.OPEN);
    }

    @Test
    void rejectionsPackTheirWaitIntoOneLong() {
        assertThat(RateLimiterBackend.rejection(0)).isEqualTo(-1);
        assertThat(RateLimiterBackend.rejection(-5)).isEqualTo(-1);
        assertThat(RateLimiterBackend.untilPermit(RateLimiterBackend.rejection(42)))
                .isEqualTo(42);
        assertThat(RateLimiterBackend.untilPermit(7)).isZero();
        assertThat(new BackendUnavailableException("i", "b", null)).hasMessageNotContaining("null");
    }
}
