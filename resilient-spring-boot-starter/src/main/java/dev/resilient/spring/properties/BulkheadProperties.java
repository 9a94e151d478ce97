package dev.resilient.spring.properties;

import java.time.Duration;

/**
 * Bulkhead: a limit on concurrent calls.
 * The {@code bulkhead.*} keys of a profile: {@code resilient.defaults.bulkhead.*} and
 * {@code resilient.profiles.<name>.bulkhead.*}.
 */
public class BulkheadProperties {

    /**
     * Maximum number of calls running at the same time.
     */
    private Integer maxConcurrent;

    /**
     * How long a call may wait for a free slot before it is rejected; 0 rejects at once.
     */
    private Duration maxWait;

    public Integer getMaxConcurrent() {
        return this.maxConcurrent;
    }

    public void setMaxConcurrent(Integer maxConcurrent) {
        this.maxConcurrent = maxConcurrent;
    }

    public Duration getMaxWait() {
        return this.maxWait;
    }

    public void setMaxWait(Duration maxWait) {
        this.maxWait = maxWait;
    }
}
