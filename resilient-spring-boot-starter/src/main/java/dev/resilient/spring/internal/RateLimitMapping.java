package dev.resilient.spring.internal;

import dev.resilient.ratelimiter.RateLimitStrategy;
import dev.resilient.ratelimiter.RateLimiterConfig;
import dev.resilient.spring.properties.ProfileProperties;
import dev.resilient.spring.properties.RateLimitProperties;
import java.time.Duration;

/** {@code rate-limit.*} onto core's {@link RateLimiterConfig}; on when {@code limit} is set. */
final class RateLimitMapping {

    private RateLimitMapping() {}

    static ConfigPart map(ProfileProperties p, Checks check) {
        RateLimitProperties rl = p.getRateLimit();
        Integer limit = check.atLeastOne("rate-limit.limit", rl.getLimit());
        Duration period = check.positive("rate-limit.period", rl.getPeriod());
        RateLimitStrategy strategy = rl.getStrategy();
        Duration maxWait = check.notNegative("rate-limit.max-wait", rl.getMaxWait());
        if (limit == null) {
            return ConfigPart.NONE;
        }
        return (pipeline, target) -> pipeline.rateLimiter(RateLimiterConfig.builder()
                .limit(limit)
                .period(period)
                .strategy(strategy)
                .maxWait(maxWait != null ? maxWait : Duration.ZERO)
                .build());
    }
}
