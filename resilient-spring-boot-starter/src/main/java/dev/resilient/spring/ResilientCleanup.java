package dev.resilient.spring;

import org.jspecify.annotations.Nullable;

/**
 * Runs once after every call of the profiles that name it (or only after a failed one): the Spring
 * form of the seed's cleanup function. Define one as a bean and reference it by bean name from
 * {@code cleanup.bean}; {@code cleanup.mode} is {@code always} (the default) or {@code on-failure}.
 *
 * <p>It runs after everything else, the fallback method and the retries included. It never changes
 * the call's outcome: a failure it throws is logged and, after a failed call, added as suppressed to
 * the call's failure.
 */
@FunctionalInterface
public interface ResilientCleanup {

    /**
     * @param instanceName the instance whose call ended
     * @param failure the call's failure, or {@code null} after a successful call
     * @throws Exception logged, never thrown to the caller
     */
    void cleanUp(String instanceName, @Nullable Throwable failure) throws Exception;
}
