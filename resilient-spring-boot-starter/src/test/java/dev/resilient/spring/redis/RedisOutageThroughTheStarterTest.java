package dev.resilient.spring.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.resilient.backend.BackendUnavailableException;
import dev.resilient.ratelimiter.RateLimitedException;
import dev.resilient.redis.testing.RedisServerProcess;
import dev.resilient.spring.Resilient;
import dev.resilient.spring.autoconfigure.ResilientAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** Redis killed in the middle of a test, through the starter: allow, deny and local as configured. */
class RedisOutageThroughTheStarterTest {

    private RedisServerProcess server;

    @BeforeEach
    void startRedis() {
        server = RedisServerProcess.startNew();
    }

    @AfterEach
    void stopRedis() {
        server.close();
    }

    /** The same 2-per-hour partner quota, failing open, closed and to local state. */
    public static class Quotas {
        @Resilient("allow")
        public String allow() {
            return "ok";
        }

        @Resilient("deny")
        public String deny() {
            return "ok";
        }

        @Resilient("local")
        public String local() {
            return "ok";
        }
    }

    private ApplicationContextRunner runner() {
        List<String> properties = new ArrayList<>(List.of(
                "spring.application.name=outage-" + UUID.randomUUID(),
                "spring.data.redis.host=127.0.0.1",
                "spring.data.redis.port=" + server.port(),
                "resilient.redis.command-timeout=500ms",
                "resilient.redis.retry-interval=200ms",
                "resilient.defaults.retry.max-attempts=1"));
        for (String mode : List.of("allow", "deny", "local")) {
            String profile = "resilient.profiles." + mode;
            properties.addAll(List.of(
                    profile + ".rate-limit.limit=2",
                    profile + ".rate-limit.period=1h",
                    profile + ".rate-limit.backend=redis",
                    profile + ".on-backend-failure=" + mode));
        }
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(
                        AopAutoConfiguration.class,
                        MetricsAutoConfiguration.class,
                        SimpleMetricsExportAutoConfiguration.class,
                        CompositeMeterRegistryAutoConfiguration.class,
                        DataRedisAutoConfiguration.class,
                        ResilientAutoConfiguration.class,
                        ResilientRedisAutoConfiguration.class))
                .withBean(Quotas.class)
                .withPropertyValues(properties.toArray(String[]::new));
    }

    /** 8 threads x 5 calls; outcome counts. Fails if any thread is still busy after 5 s. */
    private static Map<String, Integer> hammer(Supplier<String> call) throws Exception {
        Map<String, Integer> outcomes = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < 5; i++) {
                        String outcome;
                        try {
                            call.get();
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
                future.get(5, TimeUnit.SECONDS); // no thread stuck on a dead Redis
            }
        } finally {
            pool.shutdownNow();
        }
        return outcomes;
    }

    @Test
    void eachModeAnswersAsConfiguredWhileRedisIsDownAndRecoversWhenItReturns() {
        runner().run(context -> {
            Quotas quotas = context.getBean(Quotas.class);
            ResilientRedisHealthIndicator health = context.getBean(ResilientRedisHealthIndicator.class);
            MeterRegistry meters = context.getBean(MeterRegistry.class);
            assertThat(hammer(quotas::allow)).containsEntry("ok", 2).containsEntry("limited", 38);
            assertThat(hammer(quotas::deny)).containsEntry("ok", 2).containsEntry("limited", 38);
            assertThat(hammer(quotas::local)).containsEntry("ok", 2).containsEntry("limited", 38);
            assertThat(health.health(true).getStatus()).isEqualTo(Status.UP);

            server.kill();
            long start = System.nanoTime();
            assertThat(hammer(quotas::allow)).containsOnlyKeys("ok");
            assertThat(hammer(quotas::deny)).containsOnlyKeys("unavailable");
            // this instance's own 2 permits an hour
            assertThat(hammer(quotas::local)).containsEntry("ok", 2).containsEntry("limited", 38);
            // 120 calls on 8 threads: a few command timeouts (500 ms), then answers at once
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
            assertThat(health.health(true).getStatus()).isEqualTo(Status.DOWN);
            assertThat(meters.get("resilient.backend.available").gauge().value())
                    .isZero();
            assertThat(meters.get("resilient.backend.failures")
                            .functionCounter()
                            .count())
                    .isPositive();
            assertThat(meters.get("resilient.backend.fallbacks")
                            .functionCounter()
                            .count())
                    .isGreaterThanOrEqualTo(120);

            server.start();
            await().atMost(Duration.ofSeconds(10))
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> {
                        try {
                            quotas.deny();
                        } catch (BackendUnavailableException | RateLimitedException e) {
                            // probing
                        }
                        return health.health(true).getStatus().equals(Status.UP);
                    });
            // the restarted server counts again, shared: the deny probe took one of its 2 permits
            assertThat(hammer(quotas::deny)).containsEntry("ok", 1).containsEntry("limited", 39);
            assertThat(meters.get("resilient.backend.available").gauge().value())
                    .isEqualTo(1);
        });
    }
}
