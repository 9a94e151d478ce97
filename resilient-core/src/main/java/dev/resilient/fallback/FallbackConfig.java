package dev.resilient.fallback;

import dev.resilient.CallNotPermittedException;
import dev.resilient.fallback.internal.Alternative;
import dev.resilient.retry.RetryExhaustedException;
import dev.resilient.step.Exceptions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * How a call's failure is turned into a result, mapped or swallowed. Immutable; build with
 * {@link #builder()}.
 *
 * <ul>
 *   <li><b>alternatives</b>: a value, a function of the failure, a function of the failure and the
 *       arguments, or an async function. Each builder call adds one alternative to a chain tried in
 *       order; every alternative receives the call's original failure. When all fail, the last
 *       alternative's failure is raised with the earlier ones (the original first) as suppressed.</li>
 *   <li><b>handles</b>: the failures the chain answers (default {@link Exception}). {@link Error}s are
 *       never handled. Rejections ({@link CallNotPermittedException}, e.g. an open circuit) are
 *       handled too unless {@code handleRejections(false)}.</li>
 *   <li><b>suppress</b>: failures answered by the chain, or by {@code null} without a chain, silently.</li>
 *   <li><b>errorMapper</b>: maps a failure no alternative answered before it is rethrown.</li>
 *   <li><b>reraise</b> (default {@code true}): when {@code false}, any other failure is logged and the
 *       chain's value (or {@code null}) is returned instead of throwing.</li>
 * </ul>
 */
public final class FallbackConfig {

    private static final FallbackConfig DEFAULTS = builder().build();

    private final List<Alternative> alternatives;
    private final List<Class<? extends Throwable>> handles;
    private final List<Class<? extends Throwable>> suppress;
    private final @Nullable Function<Throwable, Throwable> errorMapper;
    private final boolean reraise;
    private final boolean handleRejections;

    private FallbackConfig(Builder builder) {
        this.alternatives = List.copyOf(builder.alternatives);
        this.handles = List.copyOf(builder.handles);
        this.suppress = List.copyOf(builder.suppress);
        this.errorMapper = builder.errorMapper;
        this.reraise = builder.reraise;
        this.handleRejections = builder.handleRejections;
    }

    /** No alternatives, handles every {@link Exception}, reraises: failures propagate unchanged. */
    public static FallbackConfig ofDefaults() {
        return DEFAULTS;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from this configuration. */
    public Builder toBuilder() {
        Builder builder = new Builder();
        builder.alternatives.addAll(alternatives);
        builder.handles = new ArrayList<>(handles);
        builder.suppress.addAll(suppress);
        builder.errorMapper = errorMapper;
        builder.reraise = reraise;
        builder.handleRejections = handleRejections;
        return builder;
    }

    /** The chain of alternatives, in order. */
    List<Alternative> alternatives() {
        return alternatives;
    }

    /** How many alternatives the chain has. */
    public int alternativeCount() {
        return alternatives.size();
    }

    /** Whether at least one alternative is configured. */
    public boolean hasFallback() {
        return !alternatives.isEmpty();
    }

    public List<Class<? extends Throwable>> handles() {
        return handles;
    }

    public List<Class<? extends Throwable>> suppress() {
        return suppress;
    }

    /** The error mapper, or {@code null}. */
    public @Nullable Function<Throwable, Throwable> errorMapper() {
        return errorMapper;
    }

    public boolean reraise() {
        return reraise;
    }

    public boolean handleRejections() {
        return handleRejections;
    }

    /**
     * Whether the chain answers {@code failure} (never for an {@link Error}), classified by its last
     * failure ({@link RetryExhaustedException#lastFailureOf}).
     */
    public boolean handles(Throwable failure) {
        if (failure instanceof Error) {
            return false;
        }
        Throwable last = RetryExhaustedException.lastFailureOf(failure);
        return (handleRejections
                        && (failure instanceof CallNotPermittedException || last instanceof CallNotPermittedException))
                || Exceptions.isInstanceOfAny(last, handles);
    }

    /** Whether {@code failure} (classified by its last failure) is suppressed (never for an {@link Error}). */
    public boolean suppresses(Throwable failure) {
        return !(failure instanceof Error)
                && !suppress.isEmpty()
                && Exceptions.isInstanceOfAny(RetryExhaustedException.lastFailureOf(failure), suppress);
    }

    @Override
    public String toString() {
        return "FallbackConfig{alternatives=" + alternatives
                + ", handles=" + names(handles)
                + ", suppress=" + names(suppress)
                + ", errorMapper=" + (errorMapper != null)
                + ", reraise=" + reraise
                + ", handleRejections=" + handleRejections + '}';
    }

    private static List<String> names(List<Class<? extends Throwable>> types) {
        return types.stream().map(Class::getName).toList();
    }

    /** Builds a {@link FallbackConfig}; validated on {@link #build()}. */
    public static final class Builder {
        private final List<Alternative> alternatives = new ArrayList<>();
        private List<Class<? extends Throwable>> handles = new ArrayList<>(List.of(Exception.class));
        private final List<Class<? extends Throwable>> suppress = new ArrayList<>();
        private @Nullable Function<Throwable, Throwable> errorMapper;
        private boolean reraise = true;
        private boolean handleRejections = true;

        private Builder() {}

        /** Adds a fixed value (may be {@code null}) to the chain. */
        public Builder value(@Nullable Object value) {
            alternatives.add(Alternative.value(value));
            return this;
        }

        /** Adds a function of the failure to the chain. */
        public Builder function(Function<Throwable, ?> function) {
            alternatives.add(Alternative.function(requireNonNull(function, "function")));
            return this;
        }

        /** Adds a function of the failure and the call's arguments to the chain. */
        public Builder functionWithArgs(FallbackFunction<?> function) {
            alternatives.add(Alternative.functionWithArgs(requireNonNull(function, "function")));
            return this;
        }

        /**
         * Adds an async function to the chain. Async calls compose its stage without blocking; a sync
         * call waits for it on the caller's thread.
         */
        public Builder asyncFunction(Function<Throwable, ? extends CompletionStage<?>> function) {
            alternatives.add(Alternative.async(requireNonNull(function, "function")));
            return this;
        }

        /** Removes every alternative added so far. */
        public Builder clearAlternatives() {
            alternatives.clear();
            return this;
        }

        /** The failures the chain answers, replacing the default ({@link Exception}). */
        @SafeVarargs
        public final Builder handles(Class<? extends Throwable>... types) {
            this.handles = new ArrayList<>(Arrays.asList(requireNonNull(types, "handles")));
            return this;
        }

        /** Failures that yield the chain's value, or {@code null} without a chain, without logging. */
        @SafeVarargs
        public final Builder suppress(Class<? extends Throwable>... types) {
            suppress.addAll(Arrays.asList(requireNonNull(types, "suppress")));
            return this;
        }

        /**
         * Maps a failure that no alternative answered before it is rethrown. A mapper that throws or
         * returns {@code null} leaves the original failure (its own failure added as suppressed).
         */
        public Builder errorMapper(@Nullable Function<Throwable, Throwable> errorMapper) {
            this.errorMapper = errorMapper;
            return this;
        }

        /** When {@code false}, unhandled failures are logged and the chain's value or null returned. */
        public Builder reraise(boolean reraise) {
            this.reraise = reraise;
            return this;
        }

        /** Whether rejections (open circuit, rate limit, cached failure) get the fallback; default true. */
        public Builder handleRejections(boolean handleRejections) {
            this.handleRejections = handleRejections;
            return this;
        }

        /** Validates and builds; throws {@link IllegalArgumentException} naming the bad field. */
        public FallbackConfig build() {
            checkTypes("handles", handles);
            checkTypes("suppress", suppress);
            if (handles.isEmpty()) {
                throw new IllegalArgumentException("handles must not be empty but was []");
            }
            return new FallbackConfig(this);
        }

        private static void checkTypes(String field, List<Class<? extends Throwable>> types) {
            for (Class<? extends Throwable> type : types) {
                if (type == null) {
                    throw new IllegalArgumentException(field + " must not contain null but was " + types);
                }
                if (Error.class.isAssignableFrom(type)) {
                    throw new IllegalArgumentException(field + " must not contain Error types (they are never "
                            + "handled) but was " + type.getName());
                }
            }
        }

        private static <V> V requireNonNull(V value, String field) {
            if (value == null) {
                throw new IllegalArgumentException(field + " must not be null but was null");
            }
            return value;
        }
    }
}
