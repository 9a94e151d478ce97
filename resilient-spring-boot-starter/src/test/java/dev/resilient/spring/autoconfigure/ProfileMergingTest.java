package dev.resilient.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resilient.circuitbreaker.SlidingWindowType;
import dev.resilient.pipeline.PipelineConfig;
import dev.resilient.ratelimiter.RateLimitStrategy;
import dev.resilient.retry.Backoff;
import dev.resilient.retry.Jitter;
import dev.resilient.spring.Resilient;
import dev.resilient.spring.internal.EffectiveProfile;
import dev.resilient.spring.internal.MethodPlan;
import dev.resilient.spring.internal.PipelineConfigFactory;
import dev.resilient.spring.internal.ProfileMerger;
import dev.resilient.spring.internal.ResilientMethodRegistry;
import dev.resilient.spring.properties.RateLimitProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.util.ReflectionUtils;

class ProfileMergingTest {

    private final ApplicationContextRunner runner =
            new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(ResilientAutoConfiguration.class));

    @Test
    void builtInDefaultsApplyWhenNothingIsConfigured() {
        this.runner.run(context -> {
            EffectiveProfile p = merger(context).merge(List.of());
            assertThat(p.profiles()).containsExactly("default");
            assertThat(p.retry().getMaxAttempts()).isEqualTo(3);
            assertThat(p.retry().getDelay()).isEqualTo(Duration.ofMillis(200));
            assertThat(p.retry().getMaxDelay()).isEqualTo(Duration.ofSeconds(30));
            assertThat(p.retry().getBackoff()).isEqualTo(Backoff.exponential());
            assertThat(p.retry().getJitter()).isEqualTo(Jitter.full());
            assertThat(p.retry().getRetryOn()).isEmpty();
            assertThat(p.retry().getBudget().getMaxTokens()).isNull();
            assertThat(config(context, p).circuitBreaker()).isEmpty();
            assertThat(config(context, p).rateLimiter()).isEmpty();
            assertThat(p.rateLimit().getStrategy()).isEqualTo(RateLimitStrategy.TOKEN_BUCKET);
            assertThat(config(context, p).bulkhead()).isEmpty();
            assertThat(p.timeout()).isNull();
            assertThat(config(context, p).failureCache()).isEmpty();
            assertThat(p.logging().getEnabled()).isTrue();
            assertThat(p.active()).isTrue();
            assertThat(p.sources()).containsEntry("retry.max-attempts", "built-in default (retry.max-attempts)");
        });
    }

    @Test
    void laterLayersWinKeyByKey() {
        this.runner
                .withPropertyValues(
                        "resilient.defaults.retry.max-attempts=5",
                        "resilient.defaults.retry.delay=1s",
                        "resilient.defaults.timeout=9s",
                        "resilient.profiles.a.retry.max-attempts=6",
                        "resilient.profiles.a.retry.max-delay=20s",
                        "resilient.profiles.a.bulkhead.max-concurrent=4",
                        "resilient.profiles.b.retry.max-attempts=7",
                        "resilient.profiles.b.metrics.tags.team=billing",
                        "resilient.defaults.metrics.tags.app=shop")
                .run(context -> {
                    EffectiveProfile p = merger(context).merge(List.of("a", "b"));
                    assertThat(p.retry().getMaxAttempts()).isEqualTo(7);
                    assertThat(p.retry().getDelay()).isEqualTo(Duration.ofSeconds(1));
                    assertThat(p.retry().getMaxDelay()).isEqualTo(Duration.ofSeconds(20));
                    assertThat(p.timeout()).isEqualTo(Duration.ofSeconds(9));
                    assertThat(p.bulkhead().getMaxConcurrent()).isEqualTo(4);
                    assertThat(p.metrics().tags()).containsOnlyKeys("app", "team");
                    assertThat(p.sources())
                            .containsEntry("retry.max-attempts", "resilient.profiles.b.retry.max-attempts")
                            .containsEntry("retry.delay", "resilient.defaults.retry.delay")
                            .containsEntry("retry.max-delay", "resilient.profiles.a.retry.max-delay");

                    EffectiveProfile reversed = merger(context).merge(List.of("b", "a"));
                    assertThat(reversed.retry().getMaxAttempts()).isEqualTo(6);
                });
    }

    @Test
    void inlineAttributesWinOverProfilesAndResolvePlaceholders() {
        this.runner
                .withUserConfiguration(Inline.Config.class)
                .withPropertyValues(
                        "resilient.profiles.a.retry.max-attempts=6",
                        "resilient.profiles.a.retry.delay=1s",
                        "resilient.profiles.a.timeout=5s",
                        "payments.attempts=9")
                .run(context -> {
                    MethodPlan plan = plan(context, Inline.class, "charge");
                    EffectiveProfile p = plan.profile();
                    assertThat(plan.instanceName()).isEqualTo("Inline.charge");
                    assertThat(p.retry().getMaxAttempts()).isEqualTo(9);
                    assertThat(p.retry().getDelay()).isEqualTo(Duration.ofMillis(300));
                    assertThat(p.retry().getMaxDelay()).isEqualTo(Duration.ofSeconds(2));
                    assertThat(p.retry().getBackoff()).isEqualTo(Backoff.fibonacci());
                    assertThat(p.retry().getMultiplier()).isEqualTo(1.5);
                    assertThat(p.retry().getJitter()).isEqualTo(Jitter.none());
                    assertThat(config(context, p).retry().orElseThrow().retryOn())
                            .containsExactly(IOException.class, TimeoutException.class);
                    assertThat(config(context, p).retry().orElseThrow().abortOn())
                            .containsExactly(IllegalArgumentException.class);
                    assertThat(p.timeout()).isEqualTo(Duration.ofMillis(1500));
                    assertThat(p.fallback().suppress()).containsExactly(UncheckedIOException.class);
                    assertThat(p.circuitBreaker().getFailureThreshold()).isEqualTo(4);
                    assertThat(p.circuitBreaker().getRecoveryTimeout()).isEqualTo(Duration.ofSeconds(7));
                    assertThat(p.rateLimit().getLimit()).isEqualTo(100);
                    assertThat(p.rateLimit().getPeriod()).isEqualTo(Duration.ofMinutes(1));
                    assertThat(p.bulkhead().getMaxConcurrent()).isEqualTo(3);
                    assertThat(p.slowThreshold()).isEqualTo(Duration.ofMillis(800));
                    assertThat(p.when()).isEqualTo("#p0 != null");
                    assertThat(p.failureCache().getKey()).isEqualTo("#p0");
                    assertThat(p.failureCache().getTtl()).isEqualTo(Duration.ofSeconds(30));
                    assertThat(p.sources())
                            .containsEntry("retry.max-attempts", "@Resilient(maxAttempts)")
                            .containsEntry("rate-limit.period", "@Resilient(rateLimit)");

                    MethodPlan other = plan(context, Inline.class, "ping");
                    assertThat(other.instanceName()).isEqualTo("pinger");
                    assertThat(other.profile().rateLimit().getLimit()).isEqualTo(10);
                    assertThat(other.profile().rateLimit().getPeriod()).isEqualTo(Duration.ofSeconds(1));
                    RateLimitProperties perPeriod =
                            plan(context, Inline.class, "perPeriod").profile().rateLimit();
                    assertThat(List.of(
                                    perPeriod.getLimit(),
                                    perPeriod.getPeriod(),
                                    perPeriod.getStrategy(),
                                    perPeriod.getMaxWait()))
                            .isEqualTo(
                                    List.of(5, Duration.ofSeconds(2), RateLimitStrategy.TOKEN_BUCKET, Duration.ZERO));
                });
    }

    @Test
    void httpPresetModelsTheStandardResilienceHandler() {
        this.runner.run(context -> {
            EffectiveProfile p = merger(context).merge(List.of("http"));
            assertThat(p.rateLimit().getLimit()).isEqualTo(1000);
            assertThat(p.rateLimit().getPeriod()).isEqualTo(Duration.ofSeconds(1));
            assertThat(p.totalTimeout()).isEqualTo(Duration.ofSeconds(30));
            assertThat(p.timeout()).isEqualTo(Duration.ofSeconds(10));
            assertThat(p.retry().getMaxAttempts()).isEqualTo(4);
            assertThat(p.retry().getDelay()).isEqualTo(Duration.ofSeconds(2));
            assertThat(p.retry().getBackoff()).isEqualTo(Backoff.exponential());
            assertThat(p.retry().getJitter()).isNotEqualTo(Jitter.none());
            assertThat(p.retry().getHonourRetryAfter()).isTrue();
            assertThat(p.retry().getMaxRetryAfter()).isEqualTo(Duration.ofSeconds(60));
            assertThat(config(context, p).retry().orElseThrow().maxRetryAfter()).isEqualTo(Duration.ofSeconds(60));
            assertThat(p.retry().getRetryOnStatus())
                    .contains(408, 429, 500, 503, 599)
                    .doesNotContain(404, 400);
            assertThat(config(context, p).retry().orElseThrow().retryOn())
                    .contains(IOException.class, TimeoutException.class);
            assertThat(p.circuitBreaker().getFailureRateThreshold()).isEqualTo(10.0);
            assertThat(p.circuitBreaker().getMinimumNumberOfCalls()).isEqualTo(100);
            assertThat(p.circuitBreaker().getSlidingWindowType()).isEqualTo(SlidingWindowType.TIME_BASED);
            assertThat(p.circuitBreaker().getSlidingWindowSize()).isEqualTo(30);
            assertThat(p.circuitBreaker().getRecoveryTimeout()).isEqualTo(Duration.ofSeconds(5));
            assertThat(p.sources().get("retry.delay")).isEqualTo("built-in profile 'http' (retry.delay)");
        });
    }

    @Test
    void databasePresetRetriesTransientErrorsOnTheClassPath() {
        this.runner.run(context -> {
            EffectiveProfile p = merger(context).merge(List.of("database"));
            assertThat(p.retry().getMaxAttempts()).isEqualTo(3);
            assertThat(config(context, p).retry().orElseThrow().retryOn())
                    .contains(java.sql.SQLTransientException.class, java.sql.SQLRecoverableException.class);
            assertThat(config(context, p).circuitBreaker()).isPresent();
            assertThat(config(context, p).circuitBreaker().orElseThrow().recordOn())
                    .contains(java.sql.SQLTransientException.class);
        });
    }

    @Test
    void userPropertiesOverrideAPresetKeyByKey() {
        this.runner
                .withPropertyValues(
                        "resilient.profiles.http.retry.max-attempts=2", "resilient.profiles.http.timeout=3s")
                .run(context -> {
                    EffectiveProfile p = merger(context).merge(List.of("http"));
                    assertThat(p.retry().getMaxAttempts()).isEqualTo(2);
                    assertThat(p.timeout()).isEqualTo(Duration.ofSeconds(3));
                    assertThat(p.retry().getDelay()).isEqualTo(Duration.ofSeconds(2));
                    assertThat(p.totalTimeout()).isEqualTo(Duration.ofSeconds(30));
                    assertThat(p.rateLimit().getLimit()).isEqualTo(1000);
                    assertThat(p.sources())
                            .containsEntry("retry.max-attempts", "resilient.profiles.http.retry.max-attempts");
                });
    }

    @Test
    void activeInFollowsTheSpringProfiles() {
        this.runner
                .withPropertyValues(
                        "spring.profiles.active=prod",
                        "resilient.profiles.a.active-in=prod,staging",
                        "resilient.profiles.b.active-in=!prod")
                .run(context -> {
                    assertThat(merger(context).merge(List.of("a")).active()).isTrue();
                    assertThat(merger(context).merge(List.of("b")).active()).isFalse();
                });
    }

    /** The core configuration the profile maps onto, for what only resolving the values shows. */
    static PipelineConfig config(ApplicationContext context, EffectiveProfile profile) {
        return context.getBean(PipelineConfigFactory.class).create(profile, "test");
    }

    static ProfileMerger merger(ApplicationContext context) {
        return context.getBean(ProfileMerger.class);
    }

    static MethodPlan plan(ApplicationContext context, Class<?> type, String method) {
        Method m = ReflectionUtils.findMethod(type, method, (Class<?>[]) null);
        return context.getBean(ResilientMethodRegistry.class).find(m, type);
    }

    static class Inline {

        @Resilient(
                value = "a",
                maxAttempts = "${payments.attempts}",
                delay = "${payments.delay:300ms}",
                maxDelay = "2s",
                backoff = "fibonacci",
                multiplier = "1.5",
                jitter = "none",
                retryOn = {IOException.class, TimeoutException.class},
                noRetryOn = IllegalArgumentException.class,
                timeout = "1500",
                suppress = UncheckedIOException.class,
                failureThreshold = "4",
                recoveryTimeout = "7s",
                rateLimit = "100/1m",
                maxConcurrent = "3",
                slowThreshold = "800ms",
                when = "#p0 != null",
                failureCacheKey = "#p0",
                failureCacheTtl = "30s")
        public String charge(String id) {
            return id;
        }

        @Resilient(name = "pinger", rateLimit = "10/s")
        public void ping() {}

        @Resilient(rateLimit = "5", ratePeriod = "2s")
        public void perPeriod() {}

        @org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
        static class Config {

            @org.springframework.context.annotation.Bean
            Inline inline() {
                return new Inline();
            }
        }
    }
}
