package dev.resilient.spring;

import org.jspecify.annotations.Nullable;

/**
 * Maps the failure of a {@code @Resilient} call before it is rethrown, for example to turn a
 * low-level I/O exception into a domain exception. Define one as a bean; it applies to every
 * instance. Failures answered by a fallback or suppressed are not mapped. A mapper that throws or
 * returns null leaves the original failure.
 */
@FunctionalInterface
public interface ResilientErrorMapper {

    /**
     * @param instanceName the instance whose call failed
     * @param failure the call's last failure: what the method threw (with {@code retry.on-exhausted:
     *     wrap}, the cause of the {@code RetryExhaustedException} about to be thrown), or the
     *     library's rejection
     * @return the failure to throw instead (or {@code failure} itself, which keeps what was thrown)
     */
    @Nullable
    Throwable map(String instanceName, Throwable failure);
}
