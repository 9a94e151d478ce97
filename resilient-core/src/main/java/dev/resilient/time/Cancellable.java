package dev.resilient.time;

/** A handle on a scheduled task. */
@FunctionalInterface
public interface Cancellable {

    /**
     * Cancels the task if it has not run yet.
     *
     * @return {@code true} if this call prevented the task from running
     */
    boolean cancel();
}
