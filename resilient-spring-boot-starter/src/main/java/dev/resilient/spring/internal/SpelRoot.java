package dev.resilient.spring.internal;

import java.lang.reflect.Method;
import org.jspecify.annotations.Nullable;

/**
 * The root object of {@code when} and {@code failure-cache.key} expressions: {@code method},
 * {@code methodName} and {@code args}. Arguments are also variables: {@code #args}, {@code #p0},
 * {@code #a0} and, when the class is compiled with {@code -parameters}, {@code #name}.
 */
public final class SpelRoot {

    private final @Nullable Method method;
    private final Object[] args;

    SpelRoot(@Nullable Method method, Object[] args) {
        this.method = method;
        this.args = args;
    }

    /** The annotated method, or null for a pipeline built from a profile alone. */
    public @Nullable Method getMethod() {
        return this.method;
    }

    /** The method's name, or null. */
    public @Nullable String getMethodName() {
        return this.method != null ? this.method.getName() : null;
    }

    /** The call's arguments (never null). */
    public Object[] getArgs() {
        return this.args;
    }
}
