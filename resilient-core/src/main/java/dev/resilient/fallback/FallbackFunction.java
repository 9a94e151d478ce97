package dev.resilient.fallback;

import org.jspecify.annotations.Nullable;

/**
 * A fallback alternative that receives the failure and the call's arguments (as given to the
 * pipeline, possibly {@code null}) and returns the value to use instead. It may throw, in which case
 * the next alternative of the chain is tried.
 *
 * @param <T> the type of the fallback value
 */
@FunctionalInterface
public interface FallbackFunction<T> {

    /** Produces the fallback value for {@code failure}. */
    T apply(Throwable failure, Object @Nullable [] args) throws Exception;
}
