package dev.resilient.spring;

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
     * @param failure the failure about to be rethrown
     * @return the failure to throw instead (or {@code failure} itself)
     */
    Throwable map(String instanceName, Throwable failure);
}
