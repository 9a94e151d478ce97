package dev.resilient.spring.redis;

import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How shared state reaches Redis ({@code resilient.redis.*}). The connection itself is the
 * application's: Spring Boot's {@code spring.data.redis.*} and its {@code LettuceConnectionFactory}.
 */
@ConfigurationProperties("resilient.redis")
public class ResilientRedisProperties {

    /**
     * Prefix of every key. Defaults to "resilient:" followed by spring.application.name and ":", so
     * that two services on one Redis never share keys.
     */
    private @Nullable String keyPrefix;

    /**
     * Timeout of each Redis command; a command that takes longer counts as a Redis failure and the
     * profile's on-backend-failure answers.
     */
    private Duration commandTimeout = Duration.ofMillis(200);

    /**
     * After a failure, how long Redis is left alone (every call answered by on-backend-failure at
     * once) before one command probes it again.
     */
    private Duration retryInterval = Duration.ofSeconds(1);

    /**
     * How often closed circuits with backend redis check for an opening whose message they missed:
     * the bound on how late an instance follows another's opening once Redis is reachable.
     */
    private Duration circuitSyncInterval = Duration.ofSeconds(1);

    public @Nullable String getKeyPrefix() {
        return this.keyPrefix;
    }

    public void setKeyPrefix(@Nullable String keyPrefix) {
        this.keyPrefix = keyPrefix;
    }

    public Duration getCommandTimeout() {
        return this.commandTimeout;
    }

    public void setCommandTimeout(Duration commandTimeout) {
        this.commandTimeout = commandTimeout;
    }

    public Duration getRetryInterval() {
        return this.retryInterval;
    }

    public void setRetryInterval(Duration retryInterval) {
        this.retryInterval = retryInterval;
    }

    public Duration getCircuitSyncInterval() {
        return this.circuitSyncInterval;
    }

    public void setCircuitSyncInterval(Duration circuitSyncInterval) {
        this.circuitSyncInterval = circuitSyncInterval;
    }
}
