package dev.resilient.spring.internal;

import dev.resilient.spring.properties.ProfileProperties;
import dev.resilient.spring.properties.RetryProperties;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * {@code timeout} onto core's attempt timeout, and the checks of {@code total-timeout} (applied
 * around a method's own steps by {@code ResilientPipelines}) against it and the retry delays.
 */
final class TimeoutMapping {

    private TimeoutMapping() {}

    /** Runs after {@link RetryMapping}, whose validated values the total timeout is checked against. */
    static ConfigPart map(ProfileProperties p, Checks check) {
        Duration timeout = check.positive("timeout", p.getTimeout());
        Duration totalTimeout = check.positive("total-timeout", p.getTotalTimeout());
        if (totalTimeout != null) {
            checkTotalTimeout(p.getRetry(), timeout, totalTimeout, check);
        }
        return (pipeline, target) -> pipeline.timeout(timeout);
    }

    private static void checkTotalTimeout(
            RetryProperties retry, @Nullable Duration timeout, Duration totalTimeout, Checks check) {
        if (timeout != null && timeout.compareTo(totalTimeout) >= 0) {
            throw check.fail(
                    check.blame("timeout", "total-timeout"),
                    "the attempt timeout (" + check.described("timeout", timeout)
                            + ") must be less than the total timeout ("
                            + check.described("total-timeout", totalTimeout) + ")",
                    "Lower timeout or raise total-timeout.");
        }
        Duration delays = RetryMapping.totalDelay(retry);
        if (delays.compareTo(totalTimeout) >= 0) {
            throw check.fail(
                    check.blame("retry.max-attempts", "total-timeout"),
                    "the retry delays of " + retry.getMaxAttempts()
                            + " attempts add up to " + Checks.format(delays) + " (from "
                            + Checks.format(Checks.filled("retry.delay", retry.getDelay())) + ", "
                            + Checks.filled("retry.backoff", retry.getBackoff())
                                    .name()
                                    .toLowerCase()
                            + " backoff), which does not fit in the total timeout of " + Checks.format(totalTimeout),
                    "Lower retry.max-attempts, retry.delay or retry.max-delay, or raise total-timeout.");
        }
    }
}
