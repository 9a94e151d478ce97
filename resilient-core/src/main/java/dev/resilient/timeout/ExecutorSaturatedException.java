package dev.resilient.timeout;

import dev.resilient.CallNotPermittedException;

/**
 * A synchronous attempt under a timeout refused because the runtime's call executor had no thread
 * for it (a bounded platform pool, all busy). Counted as a rejection, like a full bulkhead's; not
 * retried by default, since retrying only adds load to a saturated executor.
 */
public class ExecutorSaturatedException extends CallNotPermittedException {

    private static final long serialVersionUID = 1L;

    public ExecutorSaturatedException(String instance, Throwable cause) {
        super(
                instance,
                "Call executor is saturated: no thread free to run an attempt of '" + instance
                        + "' under its timeout (see resilient.executor.max-threads and when-saturated)",
                cause);
    }
}
