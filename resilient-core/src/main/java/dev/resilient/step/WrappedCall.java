package dev.resilient.step;

/**
 * A call a step handed on wrapped in its own (for example to set the MDC around each attempt).
 * Steps further in that need the call they were given by an integration (its per-call state) reach
 * it with {@link Step#originalCall(Object)}.
 */
public interface WrappedCall {

    /** The call this one wraps. */
    Object original();
}
