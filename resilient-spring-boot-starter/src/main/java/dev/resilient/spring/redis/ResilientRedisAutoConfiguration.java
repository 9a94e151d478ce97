package dev.resilient.spring.redis;

import dev.resilient.redis.RedisSharedState;
import dev.resilient.spring.ResilientSharedState;
import io.lettuce.core.AbstractRedisClient;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.util.StringUtils;

/**
 * Shared resilience state on the application's Redis: when {@code resilient-redis} and Spring Data
 * Redis (Lettuce) are on the class path and a {@link LettuceConnectionFactory} exists, a
 * {@link ResilientSharedState} on that factory's client serves every profile that sets
 * {@code backend: redis}. Adds a health contributor ({@code resilientRedis}) and the meters
 * {@code resilient.backend.available}, {@code resilient.backend.failures} and
 * {@code resilient.backend.fallbacks} (tag {@code backend=redis}).
 */
@AutoConfiguration(
        afterName = {
            "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration",
            "org.springframework.boot.autoconfigure.data.redis.RedisAutoConfiguration"
        })
@ConditionalOnClass(
        name = {
            "dev.resilient.redis.RedisSharedState",
            "org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory"
        })
@ConditionalOnProperty(prefix = "resilient", name = "enabled", matchIfMissing = true)
@ConditionalOnBean(LettuceConnectionFactory.class)
@EnableConfigurationProperties(ResilientRedisProperties.class)
public class ResilientRedisAutoConfiguration {

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public RedisResilientSharedState resilientRedisSharedState(
            LettuceConnectionFactory connectionFactory, ResilientRedisProperties properties, Environment environment) {
        AbstractRedisClient client = connectionFactory.getNativeClient();
        if (client == null) {
            connectionFactory.start();
            client = connectionFactory.getRequiredNativeClient();
        }
        return new RedisResilientSharedState(RedisSharedState.builder(client)
                .keyPrefix(keyPrefix(properties, environment))
                .commandTimeout(properties.getCommandTimeout())
                .retryInterval(properties.getRetryInterval())
                .circuitSyncInterval(properties.getCircuitSyncInterval())
                .build());
    }

    /** {@code resilient.redis.key-prefix}, else {@code resilient:<spring.application.name>:}. */
    static String keyPrefix(ResilientRedisProperties properties, Environment environment) {
        if (properties.getKeyPrefix() != null) {
            return properties.getKeyPrefix();
        }
        String application = environment.getProperty("spring.application.name");
        return StringUtils.hasText(application) ? "resilient:" + application + ":" : "resilient:";
    }

    /** Meters of the Redis backend, when Micrometer is present. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(MeterBinder.class)
    static class MetricsConfiguration {

        @Bean
        MeterBinder resilientRedisMeters(RedisResilientSharedState shared) {
            RedisSharedState redis = shared.redis();
            return (MeterRegistry registry) -> {
                Gauge.builder("resilient.backend.available", redis, r -> r.available() ? 1 : 0)
                        .tag("backend", "redis")
                        .description("1 while the shared-state backend answers, 0 after a failure until it recovers")
                        .register(registry);
                FunctionCounter.builder("resilient.backend.failures", redis, RedisSharedState::failures)
                        .tag("backend", "redis")
                        .description("Commands to the shared-state backend that failed or timed out")
                        .register(registry);
                FunctionCounter.builder("resilient.backend.fallbacks", redis, RedisSharedState::fallbacks)
                        .tag("backend", "redis")
                        .description("Decisions taken by on-backend-failure instead of the shared-state backend")
                        .register(registry);
            };
        }
    }

    /** The health contributor, when Spring Boot's health support is present. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(HealthIndicator.class)
    @ConditionalOnEnabledHealthIndicator("resilient-redis")
    static class HealthConfiguration {

        @Bean
        @ConditionalOnMissingBean(name = "resilientRedisHealthIndicator")
        ResilientRedisHealthIndicator resilientRedisHealthIndicator(RedisResilientSharedState shared) {
            return new ResilientRedisHealthIndicator(shared.redis());
        }
    }
}
