package dev.resilient.spring.internal;

import dev.resilient.cache.FailureCacheConfig;
import dev.resilient.spring.properties.FailureCacheProperties;
import dev.resilient.spring.properties.ProfileProperties;
import java.time.Duration;

/**
 * {@code failure-cache.*} onto core's {@link FailureCacheConfig}; on when {@code ttl} is set. The
 * key expression is evaluated against the call's arguments (the backend is bound by
 * {@code SharedStateBinding}).
 */
final class FailureCacheMapping {

    private FailureCacheMapping() {}

    static ConfigPart map(ProfileProperties p, Checks check) {
        FailureCacheProperties fc = p.getFailureCache();
        Duration ttl = check.positive("failure-cache.ttl", fc.getTtl());
        ParsedExpression key = check.expression("failure-cache.key", fc.getKey(), false);
        int maxKeys =
                Checks.filled("failure-cache.max-keys", check.atLeastOne("failure-cache.max-keys", fc.getMaxKeys()));
        if (ttl == null) {
            return ConfigPart.NONE;
        }
        return (pipeline, target) -> {
            FailureCacheConfig.Builder b = FailureCacheConfig.builder().ttl(ttl).maxKeys(maxKeys);
            if (key != null) {
                b.keyFunction(args -> key.expression().getValue(target.evaluationContext(args)));
            }
            pipeline.failureCache(b.build());
        };
    }
}
