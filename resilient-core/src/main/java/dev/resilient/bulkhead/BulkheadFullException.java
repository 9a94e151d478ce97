package dev.resilient.bulkhead;

import dev.resilient.CallNotPermittedException;

/** A call refused because its bulkhead had no free slot within the allowed wait. May be retried. */
public class BulkheadFullException extends CallNotPermittedException {

    private static final long serialVersionUID = 1L;

    private final int maxConcurrent;

    public BulkheadFullException(String instance, int maxConcurrent) {
        super(instance, "Bulkhead of '" + instance + "' is full: " + maxConcurrent + " concurrent calls");
        this.maxConcurrent = maxConcurrent;
    }

    /** The bulkhead's limit of concurrent calls. */
    public int maxConcurrent() {
        return maxConcurrent;
    }

    @Override
    public boolean retryable() {
        return true;
    }
}
