package dev.resilient.cache.internal;

import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * The default failure-cache key: the call's arguments compared by value (arrays among them by their
 * contents). {@code null} or empty arguments share the single key {@link #NONE}.
 */
public final class ArgsKey {

    /** The key of a call without arguments. */
    public static final ArgsKey NONE = new ArgsKey(new Object[0]);

    private final Object[] args;
    private final int hash;

    private ArgsKey(Object[] args) {
        this.args = args;
        this.hash = Arrays.deepHashCode(args);
    }

    /** The key of {@code args}; copies the array so later changes to it do not move the key. */
    public static ArgsKey of(Object @Nullable [] args) {
        if (args == null || args.length == 0) {
            return NONE;
        }
        return new ArgsKey(args.clone());
    }

    @Override
    public boolean equals(Object other) {
        return this == other || (other instanceof ArgsKey key && hash == key.hash && Arrays.deepEquals(args, key.args));
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return Arrays.deepToString(args);
    }
}
