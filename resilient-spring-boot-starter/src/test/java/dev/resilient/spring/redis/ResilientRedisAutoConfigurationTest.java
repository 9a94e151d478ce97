package dev.resilient.spring.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resilient.spring.ResilientSharedState;
import dev.resilient.spring.autoconfigure.ResilientAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.mock.env.MockEnvironment;

class ResilientRedisAutoConfigurationTest {

    @Test
    void theKeyPrefixIncludesTheApplicationNameUnlessSet() {
        ResilientRedisProperties properties = new ResilientRedisProperties();
        assertThat(ResilientRedisAutoConfiguration.keyPrefix(properties, new MockEnvironment()))
                .isEqualTo("resilient:");
        assertThat(ResilientRedisAutoConfiguration.keyPrefix(
                        properties, new MockEnvironment().withProperty("spring.application.name", "orders")))
                .isEqualTo("resilient:orders:");
        properties.setKeyPrefix("shop:");
        assertThat(ResilientRedisAutoConfiguration.keyPrefix(
                        properties, new MockEnvironment().withProperty("spring.application.name", "orders")))
                .isEqualTo("shop:");
    }

    @Test
    void withoutALettuceConnectionFactoryThereIsNoSharedState() {
        new ApplicationContextRunner()
                .withConfiguration(
                        AutoConfigurations.of(ResilientAutoConfiguration.class, ResilientRedisAutoConfiguration.class))
                .withPropertyValues("resilient.redis.command-timeout=1s")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).doesNotHaveBean(ResilientSharedState.class);
                });
    }

    @Test
    void theDefaultsAreDocumented() {
        ResilientRedisProperties properties = new ResilientRedisProperties();
        assertThat(properties.getCommandTimeout()).hasMillis(200);
        assertThat(properties.getRetryInterval()).hasSeconds(1);
        assertThat(properties.getCircuitSyncInterval()).hasSeconds(1);
        assertThat(properties.getKeyPrefix()).isNull();
    }
}
