package dev.resilient.redis.internal;

import dev.resilient.backend.BackendFailureMode;
import dev.resilient.observation.alert.AlertCooldown;
import io.lettuce.core.ScriptOutputType;
import java.time.Duration;

/**
 * Alert cooldowns in Redis, claimed atomically ({@code <prefix>{<instance>}:alert}, holding the
 * level last alerted, expiring after the cooldown): the first JVM to claim sends the alert. While
 * Redis fails, {@link BackendFailureMode#DENY} sends nothing; {@code ALLOW} and {@code LOCAL} send
 * what this JVM's own cooldown lets through (a duplicate rather than a lost alert).
 */
public final class RedisAlertCooldown implements AlertCooldown {

    private final RedisExecutor redis;
    private final Keys keys;
    private final BackendFailureMode mode;

    public RedisAlertCooldown(RedisExecutor redis, Keys keys, BackendFailureMode mode) {
        this.redis = redis;
        this.keys = keys;
        this.mode = mode;
    }

    @Override
    public boolean claim(String instance, int level, Duration cooldown) {
        long millis = Math.max(1, cooldown.toMillis());
        try {
            Long claimed = redis.eval(
                    Scripts.ALERT_CLAIM,
                    ScriptOutputType.INTEGER,
                    new String[] {keys.of(instance, "alert")},
                    Integer.toString(level),
                    Long.toString(millis));
            return claimed != null && claimed == 1L;
        } catch (RuntimeException e) {
            redis.health().fellBack();
            return mode != BackendFailureMode.DENY;
        }
    }

    @Override
    public String toString() {
        return "RedisAlertCooldown{onBackendFailure=" + mode + '}';
    }
}
