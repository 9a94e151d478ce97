package dev.resilient.ratelimiter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.resilient.ResilienceRuntime;
import dev.resilient.event.EventType;
import dev.resilient.event.ResilienceEvent;
import dev.resilient.pipeline.PipelineConfig;
import dev.resilient.pipeline.ResiliencePipeline;
import dev.resilient.testing.Measure;
import dev.resilient.time.ManualTime;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class PerKeyRateLimiterTest {

    private static final Function<Object[], Object> FIRST_ARGUMENT = args -> args == null ? null : args[0];

    private final ManualTime time = new ManualTime();

    private RateLimiter limiter(int limit, RateLimitStrategy strategy, int maxKeys) {
        return RateLimiter.of(
                "api",
                RateLimiterConfig.builder()
                        .limit(limit)
                        .period(Duration.ofSeconds(1))
                        .strategy(strategy)
                        .keyFunction(FIRST_ARGUMENT)
                        .maxKeys(maxKeys)
                        .build(),
                time);
    }

    @ParameterizedTest
    @EnumSource(RateLimitStrategy.class)
    void everyKeyHasItsOwnExactLimit(RateLimitStrategy strategy) {
        RateLimiter limiter = limiter(3, strategy, 100);
        assertThat(limiter.perKey()).isTrue();
        RateLimiter a = limiter.forKey("tenant-a");
        RateLimiter b = limiter.forKey("tenant-b");
        for (int i = 0; i < 3; i++) {
            assertThat(a.tryAcquire()).isTrue();
        }
        assertThat(a.tryAcquire()).isFalse();
        assertThat(a.availablePermits()).isZero();
        // tenant a exhausting its limit leaves tenant b's whole limit
        assertThat(b.availablePermits()).isEqualTo(3);
        for (int i = 0; i < 3; i++) {
            assertThat(b.reservePermission()).isZero();
        }
        assertThat(b.reservePermission()).isNegative();
        assertThat(limiter.forKey("tenant-a")).isSameAs(a);
        assertThat(limiter.forArguments(new Object[] {"tenant-b"})).isSameAs(b);
        assertThat(limiter.trackedKeys()).isEqualTo(2);
        // the counts are over every key
        assertThat(limiter.grantedPermits()).isEqualTo(6);
        assertThat(limiter.rejectedRequests()).isEqualTo(2);

        time.advance(Duration.ofSeconds(2)); // a token bucket's interval is rounded up: a full period and more
        assertThat(a.tryAcquire(3)).isTrue();
        assertThat(a.tryAcquire()).isFalse();
    }

    @Test
    void aNullKeyIsOneKeyOfItsOwnAndTheLimiterWithoutAKeyCountsForIt() {
        RateLimiter limiter = limiter(2, RateLimitStrategy.TOKEN_BUCKET, 100);
        RateLimiter nullKey = limiter.forKey(null);
        assertThat(limiter.forArguments(null)).isSameAs(nullKey);
        assertThat(limiter.forArguments(new Object[] {null})).isSameAs(nullKey);
        // the string "null" is a different key in memory (keys are compared with equals)
        assertThat(limiter.forKey("null")).isNotSameAs(nullKey);
        assertThat(limiter.tryAcquire()).isTrue();
        assertThat(nullKey.tryAcquire()).isTrue();
        assertThat(limiter.tryAcquire()).isFalse();
        assertThat(limiter.availablePermits()).isZero();
        assertThat(limiter.nanosUntilPermit()).isEqualTo(Duration.ofMillis(500).toNanos());
        assertThat(limiter.forKey("other").tryAcquire()).isTrue();
    }

    @Test
    void anArrayKeyIsComparedByItsElements() {
        RateLimiter limiter = RateLimiter.of(
                "pairs",
                RateLimiterConfig.builder().limit(1).keyFunction(args -> args).build(),
                time);
        assertThat(limiter.forArguments(new Object[] {"a", 1}).tryAcquire()).isTrue();
        assertThat(limiter.forArguments(new Object[] {"a", 1}).tryAcquire()).isFalse();
        assertThat(limiter.forArguments(new Object[] {"a", 2}).tryAcquire()).isTrue();
        assertThat(limiter.trackedKeys()).isEqualTo(2);
    }

    @Test
    void aNewKeyBeyondMaxKeysEvictsTheLeastRecentlyUsedKeyWhoseCountIsForgotten() {
        RateLimiter limiter = limiter(2, RateLimitStrategy.SLIDING_WINDOW, 2);
        assertThat(limiter.forKey("a").tryAcquire(2)).isTrue();
        assertThat(limiter.forKey("b").tryAcquire(2)).isTrue();
        assertThat(limiter.forKey("a").tryAcquire()).isFalse(); // a is now the most recently used

        RateLimiter c = limiter.forKey("c"); // full: evicts b, the least recently used
        assertThat(limiter.trackedKeys()).isEqualTo(2);
        assertThat(limiter.evictedKeys()).isEqualTo(1);
        assertThat(c.tryAcquire()).isTrue();

        // a kept its count; b was forgotten and starts afresh, evicting a (least recently used now)
        assertThat(limiter.forKey("a").tryAcquire()).isFalse();
        assertThat(limiter.forKey("b").tryAcquire(2)).isTrue();
        assertThat(limiter.trackedKeys()).isEqualTo(2);
        assertThat(limiter.evictedKeys()).isEqualTo(2);
        assertThat(limiter.toString()).contains("keys=2", "maxKeys=2");
    }

    @Test
    void aKeyIdleForAPeriodLosesNothingWhenEvicted() {
        RateLimiter limiter = limiter(2, RateLimitStrategy.TOKEN_BUCKET, 1);
        assertThat(limiter.forKey("a").tryAcquire(2)).isTrue();
        time.advance(Duration.ofSeconds(1));
        assertThat(limiter.forKey("b").tryAcquire()).isTrue(); // evicts a, whose bucket was full again
        assertThat(limiter.forKey("a").tryAcquire(2)).isTrue();
        assertThat(limiter.forKey("a").tryAcquire()).isFalse();
    }

    @Test
    void aLimiterWithoutAKeyFunctionIsItsOwnLimiterForEveryCall() {
        RateLimiter limiter = RateLimiter.of("one", RateLimiterConfig.ofDefaults(), time);
        assertThat(limiter.perKey()).isFalse();
        assertThat(limiter.forArguments(new Object[] {"x"})).isSameAs(limiter);
        assertThat(limiter.trackedKeys()).isZero();
        assertThat(limiter.evictedKeys()).isZero();
        assertThatThrownBy(() -> limiter.forKey("x"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("rate limiter 'one' has one limit for every call")
                .hasMessageContaining("keyFunction");
    }

    @Test
    void configValidatesMaxKeysAndKeepsTheKeyFunction() {
        assertThatThrownBy(() -> RateLimiterConfig.builder().maxKeys(0).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxKeys must be >= 1 but was 0");
        RateLimiterConfig defaults = RateLimiterConfig.ofDefaults();
        assertThat(defaults.perKey()).isFalse();
        assertThat(defaults.keyFunction()).isNull();
        assertThat(defaults.maxKeys())
                .isEqualTo(RateLimiterConfig.DEFAULT_MAX_KEYS)
                .isEqualTo(10_000);
        RateLimiterConfig perKey =
                defaults.toBuilder().keyFunction(FIRST_ARGUMENT).maxKeys(5).build();
        assertThat(perKey.perKey()).isTrue();
        assertThat(perKey.keyFunction()).isSameAs(FIRST_ARGUMENT);
        assertThat(perKey.toBuilder().build()).isEqualTo(perKey).hasSameHashCodeAs(perKey);
        assertThat(perKey).isNotEqualTo(defaults);
        assertThat(perKey.toString()).contains("maxKeys=5");
        assertThat(defaults.toString()).doesNotContain("maxKeys");
    }

    @Test
    void thePipelineTakesEachCallsPermitFromItsKeysLimiter() throws Exception {
        ResilienceRuntime runtime = ResilienceRuntime.manual(time);
        ResiliencePipeline pipeline = ResiliencePipeline.of(
                "tenants",
                PipelineConfig.builder()
                        .rateLimiter(RateLimiterConfig.builder()
                                .limit(2)
                                .period(Duration.ofSeconds(1))
                                .keyFunction(FIRST_ARGUMENT)
                                .build())
                        .build(),
                runtime);
        List<ResilienceEvent> events = new CopyOnWriteArrayList<>();
        pipeline.context().events().addListener(events::add);
        AtomicInteger calls = new AtomicInteger();
        Object[] a = {"a"};
        Object[] b = {"b"};
        pipeline.execute(calls::incrementAndGet, a);
        pipeline.execute(calls::incrementAndGet, a);
        assertThatThrownBy(() -> pipeline.execute(calls::incrementAndGet, a))
                .isInstanceOfSatisfying(RateLimitedException.class, e -> assertThat(e.retryAfter())
                        .isEqualTo(Duration.ofMillis(500)));
        assertThat(events).singleElement().satisfies(event -> {
            assertThat(event.type()).isEqualTo(EventType.REJECTED);
            assertThat(event.arguments()).containsExactly("a");
        });
        pipeline.execute(calls::incrementAndGet, b);
        assertThat(pipeline.<Integer>executeAsync(() -> CompletableFuture.completedFuture(calls.incrementAndGet()), b)
                        .toCompletableFuture()
                        .get())
                .isEqualTo(4);
        assertThat(pipeline.executeAsync(() -> CompletableFuture.completedFuture(calls.incrementAndGet()), b)
                        .toCompletableFuture())
                .failsWithin(Duration.ZERO)
                .withThrowableOfType(ExecutionException.class)
                .withCauseInstanceOf(RateLimitedException.class);
        assertThat(calls).hasValue(4);
        assertThat(pipeline.rateLimiter().orElseThrow().trackedKeys()).isEqualTo(2);
    }

    @Test
    void aKeyFunctionThatThrowsFailsTheCallBeforeAnyPermitIsTaken() throws Exception {
        IllegalStateException broken = new IllegalStateException("no tenant");
        ResiliencePipeline pipeline = ResiliencePipeline.of(
                "broken",
                PipelineConfig.builder()
                        .rateLimiter(RateLimiterConfig.builder()
                                .limit(1)
                                .keyFunction(args -> {
                                    throw broken;
                                })
                                .build())
                        .build(),
                ResilienceRuntime.manual(time));
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> pipeline.execute(calls::incrementAndGet, new Object[] {"x"}))
                .isSameAs(broken);
        assertThat(pipeline.executeAsync(() -> CompletableFuture.completedFuture(calls.incrementAndGet()), null)
                        .toCompletableFuture())
                .failsWithin(Duration.ZERO)
                .withThrowableOfType(ExecutionException.class)
                .withCause(broken);
        assertThat(calls).hasValue(0);
        RateLimiter limiter = pipeline.rateLimiter().orElseThrow();
        assertThat(limiter.grantedPermits()).isZero();
        assertThat(limiter.trackedKeys()).isZero();
    }

    @Test
    void aRetryAfterBlocksEveryKey() {
        RateLimiter limiter = limiter(5, RateLimitStrategy.TOKEN_BUCKET, 100);
        RateLimiter a = limiter.forKey("a");
        a.onRetryAfter(Duration.ofSeconds(2));
        assertThat(a.tryAcquire()).isFalse();
        assertThat(limiter.forKey("b").tryAcquire()).isFalse();
        assertThat(limiter.forKey("c").nanosUntilPermit())
                .isEqualTo(Duration.ofSeconds(2).toNanos());
        time.advance(Duration.ofSeconds(2));
        assertThat(limiter.forKey("b").tryAcquire()).isTrue();
    }

    @Test
    void theSyncSuccessPathOfATrackedKeyAllocatesNothing() throws Exception {
        ResiliencePipeline pipeline = ResiliencePipeline.of(
                "hot",
                PipelineConfig.builder()
                        .rateLimiter(RateLimiterConfig.builder()
                                .limit(1_000_000_000)
                                .keyFunction(FIRST_ARGUMENT)
                                .build())
                        .build(),
                ResilienceRuntime.manual(new ManualTime()));
        Object[] args = {"tenant-a"};
        int calls = 100_000;
        assertThat(Measure.bytesAllocated(calls, () -> pipeline.execute(() -> "ok", args)))
                .isLessThan(calls);
    }
}
