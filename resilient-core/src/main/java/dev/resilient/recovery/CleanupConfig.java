package dev.resilient.recovery;

import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * An action that runs after every call ({@link Mode#ALWAYS}, the default) or only after a failed one
 * ({@link Mode#ON_FAILURE}). The action receives the call's failure, or {@code null} after a success.
 * Its own failure never masks the call's outcome: it is logged, and added as suppressed to the call's
 * failure if there is one. Immutable; build with {@link #builder()}.
 */
public final class CleanupConfig {

    /** When the cleanup action runs. */
    public enum Mode {
        /** After every call, successful or not. */
        ALWAYS,
        /** Only after a call that failed (including a rejected or ignored one). */
        ON_FAILURE
    }

    private final Consumer<Throwable> action;
    private final Mode mode;

    private CleanupConfig(Consumer<Throwable> action, Mode mode) {
        this.action = action;
        this.mode = mode;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Runs {@code action} after every call. */
    public static CleanupConfig always(Runnable action) {
        return builder().action(action).build();
    }

    /** Runs {@code action} after every failed call. */
    public static CleanupConfig onFailure(Consumer<Throwable> action) {
        return builder().action(action).mode(Mode.ON_FAILURE).build();
    }

    /** The action; receives the call's failure, or {@code null} after a success. */
    public Consumer<Throwable> action() {
        return action;
    }

    public Mode mode() {
        return mode;
    }

    @Override
    public String toString() {
        return "CleanupConfig{mode=" + mode + '}';
    }

    /** Builds a {@link CleanupConfig}; validated on {@link #build()}. */
    public static final class Builder {
        private @Nullable Consumer<Throwable> action;
        private @Nullable Mode mode = Mode.ALWAYS;

        private Builder() {}

        /** An action that does not need the failure. */
        public Builder action(@Nullable Runnable action) {
            this.action = action == null ? null : failure -> action.run();
            return this;
        }

        /** An action that receives the call's failure, or {@code null} after a success. */
        public Builder action(@Nullable Consumer<Throwable> action) {
            this.action = action;
            return this;
        }

        public Builder mode(@Nullable Mode mode) {
            this.mode = mode;
            return this;
        }

        /** Validates and builds: the action and the mode are required. */
        public CleanupConfig build() {
            if (action == null) {
                throw new IllegalArgumentException("action must not be null but was null");
            }
            if (mode == null) {
                throw new IllegalArgumentException("mode must not be null but was null");
            }
            return new CleanupConfig(action, mode);
        }
    }
}
