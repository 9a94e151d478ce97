package dev.resilient.spring.properties;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Bulkhead: a limit on concurrent calls.
 * The {@code bulkhead.*} keys of a profile: {@code resilient.defaults.bulkhead.*} and
 * {@code resilient.profiles.<name>.bulkhead.*}.
 */
public class BulkheadProperties {

    /**
     * Maximum number of calls running at the same time.
     */
    private @Nullable Integer maxConcurrent;

    /**
     * How long a call may wait for a free slot before it is rejected; 0 rejects at once.
     */
    private @Nullable Duration maxWait;

    public @Nullable Integer getMaxConcurrent() {
        return this.maxConcurrent;
    }

    public void setMaxConcurrent(@Nullable Integer maxConcurrent) {
        this.maxConcurrent = maxConcurrent;
    }

    public @Nullable Duration getMaxWait() {
        return this.maxWait;
    }

    public void setMaxWait(@Nullable Duration maxWait) {
        this.maxWait = maxWait;
    }
}
