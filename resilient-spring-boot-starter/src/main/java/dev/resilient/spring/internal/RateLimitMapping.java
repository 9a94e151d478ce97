package dev.resilient.spring.internal;

import dev.resilient.ratelimiter.RateLimitStrategy;
import dev.resilient.ratelimiter.RateLimiterConfig;
import dev.resilient.spring.properties.ProfileProperties;
import dev.resilient.spring.properties.RateLimitProperties;
import java.time.Duration;

/**
 * {@code rate-limit.*} onto core's {@link RateLimiterConfig}; on when {@code limit} is set. With
 * {@code rate-limit.key} each key of the call's arguments gets its own limit ({@link RateLimitKey}).
 */
final class RateLimitMapping {

    private RateLimitMapping() {}

    static ConfigPart map(ProfileProperties p, Checks check) {
        RateLimitProperties rl = p.getRateLimit();
        Integer limit = check.atLeastOne("rate-limit.limit", rl.getLimit());
        Duration period = Checks.filled("rate-limit.period", check.positive("rate-limit.period", rl.getPeriod()));
        RateLimitStrategy strategy = Checks.filled("rate-limit.strategy", rl.getStrategy());
        Duration maxWait = check.notNegative("rate-limit.max-wait", rl.getMaxWait());
        ParsedExpression key = check.expression("rate-limit.key", rl.getKey(), false);
        int maxKeys = Checks.filled("rate-limit.max-keys", check.atLeastOne("rate-limit.max-keys", rl.getMaxKeys()));
        if (key != null && limit == null) {
            throw check.fail(
                    "rate-limit.key",
                    "a per-key rate limit needs rate-limit.limit, which is not set",
                    "Set rate-limit.limit (and rate-limit.period) next to rate-limit.key, or remove rate-limit.key.");
        }
        if (limit == null) {
            return ConfigPart.NONE;
        }
        return (pipeline, target) -> {
            RateLimiterConfig.Builder b = RateLimiterConfig.builder()
                    .limit(limit)
                    .period(period)
                    .strategy(strategy)
                    .maxWait(maxWait != null ? maxWait : Duration.ZERO);
            if (key != null) {
                b.keyFunction(new RateLimitKey(key, target.instanceName(), target::evaluationContext))
                        .maxKeys(maxKeys);
            }
            pipeline.rateLimiter(b.build());
        };
    }
}
