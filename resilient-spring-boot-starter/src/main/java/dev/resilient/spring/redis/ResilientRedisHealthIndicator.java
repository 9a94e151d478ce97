package dev.resilient.spring.redis;

import dev.resilient.redis.RedisSharedState;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Reports whether the Redis that holds shared resilience state answers: UP, or DOWN from a failed
 * or timed-out command until a probe succeeds again. Details: {@code keyPrefix},
 * {@code commandTimeout}, {@code failures}, {@code fallbacks} (calls answered by
 * {@code on-backend-failure}) and, when down, {@code lastFailure}. Reads state only: no command is
 * sent.
 */
public class ResilientRedisHealthIndicator extends AbstractHealthIndicator {

    private final RedisSharedState redis;

    public ResilientRedisHealthIndicator(RedisSharedState redis) {
        super("Resilient Redis health check failed");
        this.redis = redis;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        builder.withDetail("keyPrefix", this.redis.keyPrefix())
                .withDetail("commandTimeout", this.redis.commandTimeout().toMillis() + "ms")
                .withDetail("failures", this.redis.failures())
                .withDetail("fallbacks", this.redis.fallbacks());
        if (this.redis.available()) {
            builder.up();
        } else {
            Throwable last = this.redis.lastFailure();
            builder.down().withDetail("lastFailure", last == null ? "unknown" : last.toString());
        }
    }
}
