package dev.resilient.spring;

import org.jspecify.annotations.Nullable;

/**
 * Answers failures of the profiles that name it: the Spring form of the seed's recovery function.
 * Define one as a bean and reference it by bean name from {@code recovery.bean}; {@code
 * recovery.recover-on} says which failure types it answers (empty: every {@link Exception}).
 *
 * <p>The value returned becomes the call's result, counted and logged as an answer by a fallback:
 * it must suit the method's return type (for a {@code CompletionStage} method, a value or a {@code
 * CompletionStage}). A recovery that throws fails the call with its own failure, the original one
 * added as suppressed. {@link Error}s and {@code ignore-when} failures are never recovered.
 */
@FunctionalInterface
public interface ResilientRecovery {

    /**
     * @param instanceName the instance whose call failed
     * @param failure the failure to answer: the call's last failure (what the method threw, or the
     *     library's rejection)
     * @return the call's result instead
     * @throws Exception to fail the call with this failure instead
     */
    @Nullable
    Object recover(String instanceName, Throwable failure) throws Exception;
}
