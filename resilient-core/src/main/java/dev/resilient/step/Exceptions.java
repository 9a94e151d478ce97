package dev.resilient.step;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Helpers for propagating failures unchanged. */
public final class Exceptions {

    private Exceptions() {}

    /** Throws {@code t} as is, checked or not; declared to return so callers can write {@code throw}. */
    public static RuntimeException sneakyThrow(Throwable t) {
        throw Exceptions.<RuntimeException>sneaky(t);
    }

    @SuppressWarnings("unchecked")
    private static <E extends Throwable> E sneaky(Throwable t) throws E {
        throw (E) t;
    }

    /** Strips {@link CompletionException} and {@link ExecutionException} wrappers. */
    public static Throwable unwrap(Throwable t) {
        Throwable current = t;
        while ((current instanceof CompletionException || current instanceof ExecutionException)
                && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }

    /** Whether {@code t} is an instance of any of {@code types}. */
    public static boolean isInstanceOfAny(Throwable t, Iterable<Class<? extends Throwable>> types) {
        for (Class<? extends Throwable> type : types) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
