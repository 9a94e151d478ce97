package dev.resilient.spring.internal;

import java.lang.reflect.Method;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The fallback methods of one annotated method, resolved at start-up. The candidates taking a
 * trailing {@link Throwable} are ordered from the most specific exception type to the least; the
 * candidate without one, if any, catches everything else.
 */
public final class FallbackPlan {

    private final String name;
    private final List<Method> withThrowable;
    private final @Nullable Method withoutThrowable;

    FallbackPlan(String name, List<Method> withThrowable, @Nullable Method withoutThrowable) {
        this.name = name;
        this.withThrowable = List.copyOf(withThrowable);
        this.withoutThrowable = withoutThrowable;
    }

    /** The fallback method name as given in the annotation. */
    public String name() {
        return this.name;
    }

    /** The overloads taking a trailing exception, most specific exception type first. */
    public List<Method> withThrowable() {
        return this.withThrowable;
    }

    /** The overload with exactly the annotated method's parameters, or null. */
    public @Nullable Method withoutThrowable() {
        return this.withoutThrowable;
    }

    /**
     * The fallback method for a failure: the overload whose trailing parameter is the most specific
     * supertype of the failure's class, else the overload without one, else null (no fallback for
     * this failure).
     */
    public @Nullable Method methodFor(Throwable failure) {
        List<Method> candidates = this.withThrowable;
        for (int i = 0, n = candidates.size(); i < n; i++) {
            Method m = candidates.get(i);
            Class<?>[] types = m.getParameterTypes();
            if (types[types.length - 1].isInstance(failure)) {
                return m;
            }
        }
        return this.withoutThrowable;
    }

    /** Whether the given overload takes the failure as its last argument. */
    public boolean takesThrowable(Method method) {
        return method != this.withoutThrowable;
    }

    @Override
    public String toString() {
        return this.name;
    }
}
