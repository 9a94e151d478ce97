package dev.resilient.spring.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.resilient.cache.FailureCachedException;
import dev.resilient.circuitbreaker.CircuitBreakerOpenException;
import dev.resilient.circuitbreaker.CircuitState;
import dev.resilient.observation.alert.Alert;
import dev.resilient.observation.alert.AlertSink;
import dev.resilient.pipeline.ResilienceRegistry;
import dev.resilient.ratelimiter.RateLimitedException;
import dev.resilient.redis.testing.RedisServerProcess;
import dev.resilient.spring.Resilient;
import dev.resilient.spring.ResilientConfigurationException;
import dev.resilient.spring.autoconfigure.ResilientAutoConfiguration;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Two application contexts ("instances" of one service) sharing one real Redis, configured only
 * through {@code spring.data.redis.*} and {@code resilient.*}.
 */
class TwoInstancesOnOneRedisTest {

    private static RedisServerProcess server;

    @BeforeAll
    static void startRedis() {
        server = RedisServerProcess.startNew();
    }

    @AfterAll
    static void stopRedis() {
        server.close();
    }

    /** One service's configuration; every test gets its own application name, hence its own keys. */
    static ApplicationContextRunner service(String application) {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(
                        AopAutoConfiguration.class,
                        DataRedisAutoConfiguration.class,
                        ResilientAutoConfiguration.class,
                        ResilientRedisAutoConfiguration.class))
                .withUserConfiguration(PartnerConfig.class)
                .withPropertyValues(
                        "spring.application.name=" + application,
                        "spring.data.redis.host=127.0.0.1",
                        "spring.data.redis.port=" + server.port(),
                        "resilient.redis.command-timeout=500ms",
                        "resilient.redis.circuit-sync-interval=200ms",
                        "resilient.defaults.retry.max-attempts=1",
                        "resilient.profiles.quota.rate-limit.limit=100",
                        "resilient.profiles.quota.rate-limit.period=1h",
                        "resilient.profiles.quota.rate-limit.strategy=sliding-window",
                        "resilient.profiles.quota.rate-limit.backend=redis",
                        "resilient.profiles.tenant-quota.rate-limit.limit=5",
                        "resilient.profiles.tenant-quota.rate-limit.period=1h",
                        "resilient.profiles.tenant-quota.rate-limit.key=#tenant",
                        "resilient.profiles.tenant-quota.rate-limit.backend=redis",
                        "resilient.profiles.lookup.failure-cache.ttl=1m",
                        "resilient.profiles.lookup.failure-cache.key=#p0",
                        "resilient.profiles.lookup.failure-cache.backend=redis",
                        "resilient.profiles.alerts.alert.threshold=3",
                        "resilient.profiles.alerts.alert.cooldown=1m",
                        "resilient.profiles.alerts.alert.backend=redis",
                        "resilient.profiles.breaker.circuit-breaker.failure-threshold=2",
                        "resilient.profiles.breaker.circuit-breaker.recovery-timeout=1m",
                        "resilient.profiles.breaker.circuit-breaker.backend=redis");
    }

    static final List<Alert> ALERTS = new CopyOnWriteArrayList<>();

    @Configuration(proxyBeanMethods = false)
    static class PartnerConfig {
        @Bean
        Partner partner() {
            return new Partner();
        }

        @Bean
        AlertSink collectingSink() {
            return ALERTS::add;
        }
    }

    /** The partner API the service calls; counts the calls that really reach it. */
    public static class Partner {
        final AtomicInteger quotaCalls = new AtomicInteger();
        final AtomicInteger lookups = new AtomicInteger();

        public int quotaCalls() {
            return quotaCalls.get();
        }

        public int lookups() {
            return lookups.get();
        }

        @Resilient("quota")
        public String quota() {
            quotaCalls.incrementAndGet();
            return "ok";
        }

        final AtomicInteger tenantCalls = new AtomicInteger();

        public int tenantCalls() {
            return tenantCalls.get();
        }

        @Resilient("tenant-quota")
        public String tenantQuota(String tenant) {
            tenantCalls.incrementAndGet();
            return tenant;
        }

        @Resilient("lookup")
        public String lookup(String customer) {
            lookups.incrementAndGet();
            if (customer.startsWith("bad")) {
                throw new IllegalStateException("no such customer " + customer);
            }
            return "customer " + customer;
        }

        @Resilient("alerts")
        public void failing() {
            throw new IllegalStateException("partner down");
        }

        @Resilient("breaker")
        public String charge(boolean fail) {
            if (fail) {
                throw new IllegalStateException("charge failed");
            }
            return "charged";
        }
    }

    /** Uses only the quota profile. */
    public static class QuotaClient {
        @Resilient("quota")
        public String quota() {
            return "ok";
        }
    }

    private static String application() {
        return "orders-" + UUID.randomUUID();
    }

    @Test
    void twoInstancesWithEightThreadsEachNeverExceedTheSharedLimitTogether() {
        ApplicationContextRunner service = service(application());
        service.run(first -> service.run(second -> {
            List<Partner> partners = List.of(first.getBean(Partner.class), second.getBean(Partner.class));
            AtomicInteger rejected = new AtomicInteger();
            CountDownLatch start = new CountDownLatch(1);
            List<Thread> threads = new ArrayList<>();
            for (Partner partner : partners) {
                for (int t = 0; t < 8; t++) {
                    Thread thread = new Thread(() -> {
                        try {
                            start.await();
                        } catch (InterruptedException e) {
                            return;
                        }
                        for (int i = 0; i < 20; i++) {
                            try {
                                partner.quota();
                            } catch (RateLimitedException e) {
                                rejected.incrementAndGet();
                            }
                        }
                    });
                    thread.start();
                    threads.add(thread);
                }
            }
            start.countDown();
            for (Thread thread : threads) {
                thread.join(TimeUnit.SECONDS.toMillis(30));
                assertThat(thread.isAlive()).isFalse();
            }
            // 2 instances x 8 threads x 20 calls = 320 calls in a window of 100 permits (1 hour)
            int reached = partners.get(0).quotaCalls() + partners.get(1).quotaCalls();
            assertThat(reached).isEqualTo(100);
            assertThat(rejected.get()).isEqualTo(220);
            assertThat(partners.get(0).quotaCalls()).isPositive();
            assertThat(partners.get(1).quotaCalls()).isPositive();
        }));
    }

    @Test
    void twoInstancesShareEachTenantsLimitAndOneTenantLeavesTheOtherAlone() {
        ApplicationContextRunner service = service(application());
        service.run(first -> service.run(second -> {
            Partner a = first.getBean(Partner.class);
            Partner b = second.getBean(Partner.class);
            int granted = 0;
            for (int i = 0; i < 8; i++) {
                Partner partner = i % 2 == 0 ? a : b;
                try {
                    partner.tenantQuota("acme");
                    granted++;
                } catch (RateLimitedException e) {
                    // acme's 5 permits are shared by both instances
                }
            }
            assertThat(granted).isEqualTo(5);
            for (int i = 0; i < 5; i++) {
                assertThat(b.tenantQuota("globex")).isEqualTo("globex");
            }
            assertThatThrownBy(() -> a.tenantQuota("globex")).isInstanceOf(RateLimitedException.class);
            assertThat(a.tenantCalls() + b.tenantCalls()).isEqualTo(10);
        }));
    }

    @Test
    void aFailureCachedByOneInstanceIsSkippedByTheOther() {
        ApplicationContextRunner service = service(application());
        service.run(first -> service.run(second -> {
            Partner a = first.getBean(Partner.class);
            Partner b = second.getBean(Partner.class);
            assertThatThrownBy(() -> a.lookup("bad-1")).isInstanceOf(IllegalStateException.class);

            assertThatThrownBy(() -> b.lookup("bad-1"))
                    .isInstanceOfSatisfying(FailureCachedException.class, e -> assertThat(
                                    e.getCause().getMessage())
                            .contains(IllegalStateException.class.getName(), "no such customer bad-1"));
            assertThat(b.lookups()).isZero();
            assertThat(b.lookup("good")).isEqualTo("customer good");
        }));
    }

    @Test
    void oneAlertForBothInstances() {
        ALERTS.clear();
        ApplicationContextRunner service = service(application());
        service.run(first -> service.run(second -> {
            List<Partner> partners = List.of(first.getBean(Partner.class), second.getBean(Partner.class));
            List<Thread> threads = new ArrayList<>();
            for (Partner partner : partners) {
                for (int t = 0; t < 8; t++) {
                    Thread thread = new Thread(() -> {
                        for (int i = 0; i < 5; i++) {
                            try {
                                partner.failing();
                            } catch (IllegalStateException expected) {
                                // counted by the alert manager
                            }
                        }
                    });
                    thread.start();
                    threads.add(thread);
                }
            }
            for (Thread thread : threads) {
                thread.join(TimeUnit.SECONDS.toMillis(30));
            }
            assertThat(ALERTS).hasSize(1);
            assertThat(ALERTS.get(0).instance()).isEqualTo("Partner.failing");
        }));
    }

    @Test
    void aCircuitOpenedByOneInstanceIsOpenInTheOtherWithinTheSyncInterval() {
        ApplicationContextRunner service = service(application());
        service.run(first -> service.run(second -> {
            Partner a = first.getBean(Partner.class);
            Partner b = second.getBean(Partner.class);
            for (int i = 0; i < 2; i++) {
                assertThatThrownBy(() -> a.charge(true)).isInstanceOf(IllegalStateException.class);
            }
            assertThat(state(first.getBean(ResilienceRegistry.class))).isEqualTo(CircuitState.OPEN);
            // documented lag: one circuit-sync-interval (200 ms here) plus one command timeout (500 ms);
            // pub/sub usually takes milliseconds
            await().atMost(Duration.ofMillis(200 + 500))
                    .pollInterval(Duration.ofMillis(10))
                    .until(() -> state(second.getBean(ResilienceRegistry.class)) == CircuitState.OPEN);
            assertThatThrownBy(() -> b.charge(false)).isInstanceOf(CircuitBreakerOpenException.class);
        }));
    }

    private static CircuitState state(ResilienceRegistry registry) {
        return registry.find("Partner.charge")
                .orElseThrow()
                .circuitBreaker()
                .orElseThrow()
                .state();
    }

    @Test
    void keysStartWithTheApplicationNameByDefault() {
        String application = application();
        service(application).run(context -> {
            context.getBean(Partner.class).quota();
            RedisClient client = RedisClient.create(server.uri());
            try (StatefulRedisConnection<String, String> connection = client.connect()) {
                assertThat(connection.sync().keys("resilient:" + application + ":*"))
                        .contains("resilient:" + application + ":{Partner.quota}:sw");
            } finally {
                client.shutdown();
            }
        });
    }

    @Test
    void keysStartWithTheConfiguredKeyPrefixInstead() {
        String application = application();
        service(application)
                .withPropertyValues("resilient.redis.key-prefix=custom:")
                .run(context -> {
                    context.getBean(Partner.class).quota();
                    RedisClient client = RedisClient.create(server.uri());
                    try (StatefulRedisConnection<String, String> connection = client.connect()) {
                        assertThat(connection.sync().keys("custom:*")).contains("custom:{Partner.quota}:sw");
                        assertThat(connection.sync().keys("*" + application + "*"))
                                .isEmpty();
                    } finally {
                        client.shutdown();
                    }
                });
    }

    @Test
    void aRedisBackendWithoutRedisFailsAtStartUpNamingTheProperty() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class, ResilientAutoConfiguration.class))
                .withBean(QuotaClient.class)
                .withPropertyValues(
                        "resilient.profiles.quota.rate-limit.limit=100",
                        "resilient.profiles.quota.rate-limit.backend=redis")
                .run(context -> {
                    Throwable failure = context.getStartupFailure();
                    while (failure != null && !(failure instanceof ResilientConfigurationException)) {
                        failure = failure.getCause();
                    }
                    assertThat(failure).isInstanceOfSatisfying(ResilientConfigurationException.class, e -> {
                        assertThat(e.property()).isEqualTo("resilient.profiles.quota.rate-limit.backend");
                        assertThat(e.action()).contains("resilient-redis", "spring-boot-starter-data-redis");
                    });
                });
    }
}
