package dev.resilient.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.resilient.backend.BackendFailureMode;
import dev.resilient.cache.FailureCacheConfig;
import dev.resilient.cache.FailureCachedException;
import dev.resilient.cache.RemoteFailure;
import dev.resilient.circuitbreaker.CircuitBreakerConfig;
import dev.resilient.circuitbreaker.CircuitState;
import dev.resilient.observation.alert.Alert;
import dev.resilient.observation.alert.AlertConfig;
import dev.resilient.pipeline.PipelineConfig;
import dev.resilient.pipeline.ResiliencePipeline;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class RedisSharedStateTest extends RealRedisTest {

    private static ResiliencePipeline cached(RedisSharedState state) {
        return ResiliencePipeline.of(
                "lookup",
                PipelineConfig.builder()
                        .failureCache(FailureCacheConfig.builder()
                                .ttl(Duration.ofSeconds(30))
                                .keyFunction(args -> args[0])
                                .store(state.failureStores(BackendFailureMode.ALLOW))
                                .build())
                        .build());
    }

    @Test
    void aFailureRememberedByOneInstanceIsSkippedByTheOtherUntilASuccessForgetsIt() throws Exception {
        ResiliencePipeline first = cached(redis.instance());
        ResiliencePipeline second = cached(redis.instance());
        assertThatThrownBy(() -> first.execute(
                        () -> {
                            throw new UncheckedIOException(new IOException("partner down"));
                        },
                        new Object[] {"acme"}))
                .isInstanceOf(UncheckedIOException.class);

        assertThatThrownBy(() -> second.execute(() -> "never runs", new Object[] {"acme"}))
                .isInstanceOfSatisfying(FailureCachedException.class, e -> {
                    assertThat(e.getCause())
                            .isInstanceOfSatisfying(RemoteFailure.class, remote -> assertThat(remote.type())
                                    .isEqualTo(UncheckedIOException.class.getName()));
                    assertThat(e.getCause().getMessage()).contains("partner down");
                    assertThat(e.remaining()).isBetween(Duration.ofSeconds(25), Duration.ofSeconds(30));
                });
        // other keys are not affected
        assertThat(second.execute(() -> "ok", new Object[] {"globex"})).isEqualTo("ok");

        assertThat(redis.commands().pttl(redis.prefix + "{lookup}:fc:acme")).isBetween(1L, 30_000L);
        redis.commands().del(redis.prefix + "{lookup}:fc:acme");
        assertThat(second.execute(() -> "ok again", new Object[] {"acme"})).isEqualTo("ok again");
    }

    @Test
    void asyncLookupsSkipARemoteFailureWithoutBlocking() {
        ResiliencePipeline first = cached(redis.instance());
        ResiliencePipeline second = cached(redis.instance());
        assertThat(first.<String>executeAsync(
                                () -> CompletableFuture.failedFuture(new IllegalStateException("boom")),
                                new Object[] {"k"})
                        .toCompletableFuture())
                .failsWithin(Duration.ofSeconds(5));
        assertThat(second.<String>executeAsync(() -> CompletableFuture.completedFuture("runs"), new Object[] {"k"})
                        .toCompletableFuture())
                .failsWithin(Duration.ofSeconds(5))
                .withThrowableThat()
                .havingCause()
                .isInstanceOf(FailureCachedException.class);
    }

    @Test
    void twoInstancesReachingTheThresholdSendOneAlertPerCooldown() throws Exception {
        List<Alert> alerts = new CopyOnWriteArrayList<>();
        List<ResiliencePipeline> instances =
                List.of(alerting(redis.instance(), alerts), alerting(redis.instance(), alerts));
        Thread[] threads = new Thread[16];
        for (int t = 0; t < threads.length; t++) {
            ResiliencePipeline pipeline = instances.get(t % 2);
            threads[t] = new Thread(() -> {
                for (int i = 0; i < 10; i++) {
                    try {
                        pipeline.get(() -> {
                            throw new IllegalStateException("failing");
                        });
                    } catch (IllegalStateException expected) {
                        // counted
                    }
                }
            });
            threads[t].start();
        }
        for (Thread thread : threads) {
            thread.join(10_000);
        }
        assertThat(alerts).hasSize(1);
        assertThat(redis.commands().pttl(redis.prefix + "{payments}:alert")).isBetween(1L, 60_000L);
    }

    private static ResiliencePipeline alerting(RedisSharedState state, List<Alert> alerts) {
        return ResiliencePipeline.of(
                "payments",
                PipelineConfig.builder()
                        .alert(AlertConfig.builder()
                                .threshold(3)
                                .cooldown(Duration.ofMinutes(1))
                                .sink(alerts::add)
                                .sharedCooldown(state.alertCooldown(BackendFailureMode.LOCAL))
                                .build())
                        .build());
    }

    @Test
    void aCircuitOpenedByOneInstanceOpensInTheOther() {
        ResiliencePipeline first = breaker(redis.instance());
        ResiliencePipeline second = breaker(redis.instance());
        for (int i = 0; i < 2; i++) {
            try {
                first.get(() -> {
                    throw new IllegalStateException("failing");
                });
            } catch (IllegalStateException expected) {
                // counted
            }
        }
        assertThat(first.circuitBreaker().orElseThrow().state()).isEqualTo(CircuitState.OPEN);
        // pub/sub: within milliseconds; the documented bound is one sync interval (200 ms here) plus
        // one command timeout (2 s here)
        await().atMost(Duration.ofMillis(2_200))
                .until(() -> second.circuitBreaker().orElseThrow().state() == CircuitState.OPEN);
    }

    @Test
    void aCircuitOpenedBeforeAnInstanceStartsIsOpenThereToo() {
        ResiliencePipeline first = breaker(redis.instance());
        first.circuitBreaker().orElseThrow().transitionToOpen();
        await().atMost(Duration.ofSeconds(2))
                .until(() -> redis.commands().exists(redis.prefix + "{charge}:circuit") == 1L);
        ResiliencePipeline late = breaker(redis.instance());
        await().atMost(Duration.ofSeconds(1))
                .until(() -> late.circuitBreaker().orElseThrow().state() == CircuitState.OPEN);
    }

    private static ResiliencePipeline breaker(RedisSharedState state) {
        return ResiliencePipeline.of(
                "charge",
                PipelineConfig.builder()
                        .circuitBreaker(CircuitBreakerConfig.builder()
                                .failureThreshold(2)
                                .recoveryTimeout(Duration.ofSeconds(30))
                                .sharedState(state.circuitState())
                                .build())
                        .build());
    }
}
