package dev.resilient.recovery;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Recovery functions by failure type: a failure is answered by the function registered for its most
 * specific type (the nearest superclass registered), whose value becomes the call's result. A
 * function's value that is a {@link java.util.concurrent.CompletionStage} is composed on the async
 * path. {@link Error}s are never recovered. Immutable; build with {@link #builder()}.
 */
public final class RecoveryConfig {

    private final Map<Class<? extends Throwable>, Function<Throwable, ?>> recoveries;
    private final List<Class<? extends Throwable>> types;

    private RecoveryConfig(Builder builder) {
        this.recoveries = Map.copyOf(builder.recoveries);
        this.types = List.copyOf(builder.recoveries.keySet());
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The failure types that have a recovery function, in the order they were registered. */
    public List<Class<? extends Throwable>> types() {
        return types;
    }

    /**
     * The recovery function for {@code failure}'s most specific registered type, or {@code null} when
     * none applies (always for an {@link Error}). Allocation-free.
     */
    public @Nullable Function<Throwable, ?> recoveryFor(@Nullable Throwable failure) {
        if (failure == null || failure instanceof Error) {
            return null;
        }
        for (Class<?> type = failure.getClass(); type != null && type != Object.class; type = type.getSuperclass()) {
            Function<Throwable, ?> recovery = recoveries.get(type);
            if (recovery != null) {
                return recovery;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return "RecoveryConfig{recover=" + types.stream().map(Class::getName).toList() + '}';
    }

    /** Builds a {@link RecoveryConfig}; validated on {@link #build()}. */
    public static final class Builder {
        private final Map<Class<? extends Throwable>, Function<Throwable, ?>> recoveries = new LinkedHashMap<>();

        private Builder() {}

        /**
         * Recovers failures of {@code type} (and its subtypes, unless a more specific type has its own
         * function) with {@code recovery}. Registering the same type again replaces its function.
         */
        public Builder recover(Class<? extends Throwable> type, Function<Throwable, ?> recovery) {
            if (type == null) {
                throw new IllegalArgumentException("recover type must not be null but was null");
            }
            if (Error.class.isAssignableFrom(type)) {
                throw new IllegalArgumentException(
                        "recover type must not be an Error (they are never recovered) but was " + type.getName());
            }
            if (recovery == null) {
                throw new IllegalArgumentException("recovery for " + type.getName() + " must not be null but was null");
            }
            recoveries.put(type, recovery);
            return this;
        }

        /** Validates and builds: at least one recovery function is required. */
        public RecoveryConfig build() {
            if (recoveries.isEmpty()) {
                throw new IllegalArgumentException("recoveries must not be empty but was []");
            }
            return new RecoveryConfig(this);
        }
    }
}
