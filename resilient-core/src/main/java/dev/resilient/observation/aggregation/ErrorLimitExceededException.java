package dev.resilient.observation.aggregation;

import dev.resilient.CallNotPermittedException;
import java.time.Duration;

/** A call refused because its instance reached the error limit of the current aggregation window. */
public class ErrorLimitExceededException extends CallNotPermittedException {

    private static final long serialVersionUID = 1L;

    private final int limit;
    private final transient Duration untilWindowRolls;

    public ErrorLimitExceededException(String instance, int limit, Duration window, Duration untilWindowRolls) {
        super(
                instance,
                "Error limit of " + limit + " errors per " + window + " reached for '" + instance
                        + "'; calls are refused until the window rolls in " + untilWindowRolls.toMillis() + " ms");
        this.limit = limit;
        this.untilWindowRolls = untilWindowRolls;
    }

    /** The error limit per window. */
    public int limit() {
        return limit;
    }

    /** Time until the window rolls and calls are let through again. */
    public Duration untilWindowRolls() {
        return untilWindowRolls;
    }
}
