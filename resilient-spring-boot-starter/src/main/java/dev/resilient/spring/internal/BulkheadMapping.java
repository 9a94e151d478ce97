package dev.resilient.spring.internal;

import dev.resilient.bulkhead.BulkheadConfig;
import dev.resilient.spring.properties.BulkheadProperties;
import dev.resilient.spring.properties.ProfileProperties;
import java.time.Duration;

/** {@code bulkhead.*} onto core's {@link BulkheadConfig}; on when {@code max-concurrent} is set. */
final class BulkheadMapping {

    private BulkheadMapping() {}

    static ConfigPart map(ProfileProperties p, Checks check) {
        BulkheadProperties bh = p.getBulkhead();
        Integer maxConcurrent = check.atLeastOne("bulkhead.max-concurrent", bh.getMaxConcurrent());
        Duration maxWait = check.notNegative("bulkhead.max-wait", bh.getMaxWait());
        if (maxConcurrent == null) {
            return ConfigPart.NONE;
        }
        return (pipeline, target) -> pipeline.bulkhead(BulkheadConfig.builder()
                .maxConcurrent(maxConcurrent)
                .maxWait(maxWait != null ? maxWait : Duration.ZERO)
                .build());
    }
}
