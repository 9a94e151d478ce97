package dev.resilient.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.resilient.RetrySafety;
import dev.resilient.pipeline.ResilienceRegistry;
import dev.resilient.ratelimiter.RateLimitedException;
import dev.resilient.ratelimiter.RateLimiter;
import dev.resilient.spring.Resilient;
import dev.resilient.spring.actuate.ResilienceEndpoint;
import dev.resilient.spring.actuate.ResilientActuatorAutoConfiguration;
import dev.resilient.spring.metrics.ResilientMetricsAutoConfiguration;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;
import reactor.core.publisher.Mono;

/**
 * {@code rate-limit.key} through the starter: a per-tenant limit given in YAML (as an
 * {@code application.yml} would) on a real {@code @Resilient} bean, its actuator entry and meters.
 * The start-up errors of bad per-key settings are rows of {@link StartupValidationTableTest}.
 */
class PerKeyRateLimitTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    AopAutoConfiguration.class,
                    MetricsAutoConfiguration.class,
                    SimpleMetricsExportAutoConfiguration.class,
                    CompositeMeterRegistryAutoConfiguration.class,
                    EndpointAutoConfiguration.class,
                    ResilientAutoConfiguration.class,
                    ResilientMetricsAutoConfiguration.class,
                    ResilientActuatorAutoConfiguration.class))
            .withInitializer(
                    context -> context.getEnvironment().getPropertySources().addFirst(yaml()))
            .withPropertyValues("management.endpoints.web.exposure.include=resilience")
            .withUserConfiguration(TenantConfig.class);

    private static PropertySource<?> yaml() {
        try {
            return new YamlPropertySourceLoader()
                    .load("application.yml", new ClassPathResource("per-key-rate-limit.yml"))
                    .get(0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class TenantConfig {
        @Bean
        Tenants tenants() {
            return new Tenants();
        }

        @Bean
        TenantKeys tenantKeys() {
            return new TenantKeys();
        }
    }

    /** A service whose calls are limited per tenant; counts the calls that reach it. */
    public static class Tenants {
        final AtomicInteger calls = new AtomicInteger();

        /** The calls that reached the bean (read through the proxy, not its fields). */
        public int calls() {
            return calls.get();
        }

        @Resilient(value = "tenants", name = "search")
        public String search(String tenantId, String query) {
            calls.incrementAndGet();
            return tenantId + ":" + query;
        }

        @Resilient(value = "tenants", name = "reactive")
        public Mono<String> searchReactive(String tenantId) {
            return Mono.fromCallable(() -> {
                calls.incrementAndGet();
                return tenantId;
            });
        }

        @Resilient(value = "broken-key", name = "broken")
        public String broken(String tenantId) {
            calls.incrementAndGet();
            return tenantId;
        }

        @Resilient(rateLimit = "2/1h", rateLimitKey = "#p0", name = "inline")
        public String inline(String tenantId) {
            calls.incrementAndGet();
            return tenantId;
        }
    }

    /** Referenced from a key expression; fails for tenant "bad" and counts its evaluations. */
    public static class TenantKeys {
        final AtomicInteger evaluations = new AtomicInteger();

        public String of(String tenantId) {
            evaluations.incrementAndGet();
            if ("bad".equals(tenantId)) {
                throw new IllegalArgumentException("unknown tenant " + tenantId);
            }
            return tenantId;
        }
    }

    @Test
    void tenantAExhaustingItsLimitDoesNotLimitTenantB() {
        this.runner.run(context -> {
            Tenants tenants = context.getBean(Tenants.class);
            for (int i = 0; i < 3; i++) {
                assertThat(tenants.search("a", "q" + i)).isEqualTo("a:q" + i);
            }
            assertThatThrownBy(() -> tenants.search("a", "q3")).isInstanceOf(RateLimitedException.class);
            for (int i = 0; i < 3; i++) {
                assertThat(tenants.search("b", "q" + i)).isEqualTo("b:q" + i);
            }
            assertThatThrownBy(() -> tenants.search("b", "q3")).isInstanceOf(RateLimitedException.class);
            assertThat(tenants.calls()).isEqualTo(6);

            RateLimiter limiter = context.getBean(ResilienceRegistry.class)
                    .find("search")
                    .orElseThrow()
                    .rateLimiter()
                    .orElseThrow();
            assertThat(limiter.perKey()).isTrue();
            assertThat(limiter.config().maxKeys()).isEqualTo(2);
            assertThat(limiter.trackedKeys()).isEqualTo(2);

            // metrics carry the instance, never the key
            MeterRegistry meters = context.getBean(MeterRegistry.class);
            assertThat(meters.get("resilient.rejections")
                            .tag("name", "search")
                            .counter()
                            .count())
                    .isEqualTo(2.0);
            for (Meter meter : meters.getMeters()) {
                assertThat(meter.getId().getTags()).extracting(Tag::getValue).doesNotContain("a", "b");
            }

            // the actuator shows how many keys are tracked
            Map<String, Object> entry = rateLimiterEntry(context.getBean(ResilienceEndpoint.class), "search");
            assertThat(entry)
                    .containsEntry("key", "#tenantId")
                    .containsEntry("trackedKeys", 2)
                    .containsEntry("maxKeys", 2)
                    .containsEntry("evictedKeys", 0L)
                    .containsEntry("limit", 3)
                    .containsEntry("grantedPermits", 6L)
                    .containsEntry("rejectedRequests", 2L)
                    .doesNotContainKey("availablePermits");
        });
    }

    @Test
    void aMonoMethodIsLimitedPerTenantToo() {
        this.runner.run(context -> {
            Tenants tenants = context.getBean(Tenants.class);
            for (int i = 0; i < 3; i++) {
                assertThat(tenants.searchReactive("a").block()).isEqualTo("a");
            }
            assertThatThrownBy(() -> tenants.searchReactive("a").block()).isInstanceOf(RateLimitedException.class);
            assertThat(tenants.searchReactive("b").block()).isEqualTo("b");
            assertThat(tenants.calls()).isEqualTo(4);
            assertThat(context.getBean(ResilienceRegistry.class)
                            .find("reactive")
                            .orElseThrow()
                            .rateLimiter()
                            .orElseThrow()
                            .trackedKeys())
                    .isEqualTo(2);
        });
    }

    @Test
    void beyondMaxKeysTheLeastRecentlyUsedTenantIsForgottenAndNoCallFails() {
        this.runner.run(context -> {
            Tenants tenants = context.getBean(Tenants.class);
            for (int i = 0; i < 3; i++) {
                tenants.search("a", "q");
            }
            tenants.search("b", "q");
            tenants.search("c", "q"); // max-keys 2: evicts a, the least recently used tenant
            RateLimiter limiter = context.getBean(ResilienceRegistry.class)
                    .find("search")
                    .orElseThrow()
                    .rateLimiter()
                    .orElseThrow();
            assertThat(limiter.trackedKeys()).isEqualTo(2);
            assertThat(limiter.evictedKeys()).isEqualTo(1);
            // a's count was forgotten with it: a starts afresh
            assertThat(tenants.search("a", "again")).isEqualTo("a:again");
        });
    }

    @Test
    void aNullKeyIsOneSharedKey() {
        this.runner.run(context -> {
            Tenants tenants = context.getBean(Tenants.class);
            for (int i = 0; i < 3; i++) {
                tenants.search(null, "q");
            }
            assertThatThrownBy(() -> tenants.search(null, "q")).isInstanceOf(RateLimitedException.class);
            assertThat(tenants.search("a", "q")).isEqualTo("a:q");
        });
    }

    @Test
    void aKeyExpressionThatFailsFailsTheCallNamingRateLimitKeyWithoutRetrying() {
        this.runner.run(context -> {
            Tenants tenants = context.getBean(Tenants.class);
            TenantKeys keys = context.getBean(TenantKeys.class);
            assertThat(tenants.broken("good")).isEqualTo("good");
            assertThatThrownBy(() -> tenants.broken("bad"))
                    .isInstanceOf(IllegalStateException.class)
                    .isInstanceOfSatisfying(
                            RetrySafety.class, e -> assertThat(e.safeToRetry()).isFalse())
                    .hasMessageContaining("rate-limit.key '@tenantKeys.of(#tenantId)' of broken")
                    .hasMessageContaining("unknown tenant bad")
                    .hasRootCauseInstanceOf(IllegalArgumentException.class);
            // the method never ran for "bad", and with 3 attempts configured the key was evaluated once
            assertThat(tenants.calls()).isEqualTo(1);
            assertThat(keys.evaluations).hasValue(2);
        });
    }

    @Test
    void theRateLimitKeyAttributeGivesAMethodItsOwnPerKeyLimit() {
        this.runner.run(context -> {
            Tenants tenants = context.getBean(Tenants.class);
            tenants.inline("x");
            tenants.inline("x");
            assertThatThrownBy(() -> tenants.inline("x")).isInstanceOf(RateLimitedException.class);
            assertThat(tenants.inline("y")).isEqualTo("y");
            assertThat(context.getBean(ResilienceRegistry.class)
                            .find("inline")
                            .orElseThrow()
                            .rateLimiter()
                            .orElseThrow()
                            .config()
                            .keyFunction())
                    .hasToString("#p0");
        });
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> rateLimiterEntry(ResilienceEndpoint endpoint, String instance) {
        Map<String, Object> instances =
                (Map<String, Object>) endpoint.instances().get("instances");
        return (Map<String, Object>) ((Map<String, Object>) instances.get(instance)).get("rateLimiter");
    }
}
