package dev.resilient.fallback.internal;

import dev.resilient.fallback.FallbackFunction;
import dev.resilient.step.Exceptions;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * One alternative of a fallback chain: a fixed value, a function of the failure, a function of the
 * failure and the arguments, or an async function returning a {@link CompletionStage}.
 */
public abstract class Alternative {

    private final String description;

    private Alternative(String description) {
        this.description = description;
    }

    /** A fixed value (may be {@code null}). */
    public static Alternative value(@Nullable Object value) {
        return new Alternative("value(" + value + ")") {
            @Override
            public @Nullable Object apply(Throwable failure, Object @Nullable [] args) {
                return value;
            }
        };
    }

    /** A function of the failure. */
    public static Alternative function(Function<Throwable, ?> function) {
        Objects.requireNonNull(function, "function");
        return new Alternative("function") {
            @Override
            public Object apply(Throwable failure, Object @Nullable [] args) {
                return function.apply(failure);
            }
        };
    }

    /** A function of the failure and the call's arguments. */
    public static Alternative functionWithArgs(FallbackFunction<?> function) {
        Objects.requireNonNull(function, "function");
        return new Alternative("functionWithArgs") {
            @Override
            public Object apply(Throwable failure, Object @Nullable [] args) throws Exception {
                return function.apply(failure, args);
            }
        };
    }

    /**
     * An async function. On the async path its stage is composed without blocking; on the sync path
     * the caller's thread waits for it (the caller is blocked on the call anyway).
     */
    public static Alternative async(Function<Throwable, ? extends CompletionStage<?>> function) {
        Objects.requireNonNull(function, "function");
        return new Alternative("async") {
            @Override
            public Object apply(Throwable failure, Object @Nullable [] args) throws Exception {
                CompletionStage<?> stage = stageOf(function.apply(failure));
                try {
                    return stage.toCompletableFuture().join();
                } catch (CompletionException e) {
                    Throwable cause = Exceptions.unwrap(e);
                    throw Exceptions.sneakyThrow(cause);
                }
            }

            @Override
            @SuppressWarnings("unchecked")
            public CompletionStage<Object> applyAsync(Throwable failure, Object @Nullable [] args) {
                try {
                    return (CompletionStage<Object>) stageOf(function.apply(failure));
                } catch (Throwable t) {
                    return CompletableFuture.failedFuture(t);
                }
            }
        };
    }

    private static CompletionStage<?> stageOf(CompletionStage<?> stage) {
        if (stage == null) {
            throw new NullPointerException("the async fallback returned null instead of a CompletionStage");
        }
        return stage;
    }

    /** Produces the alternative's value on the calling thread. */
    public abstract @Nullable Object apply(Throwable failure, Object @Nullable [] args) throws Exception;

    /**
     * Produces the alternative's value as a stage; a value that is itself a {@link CompletionStage} is
     * returned as that stage, so an async call's fallback may be async too. Never throws.
     */
    @SuppressWarnings("unchecked")
    public CompletionStage<Object> applyAsync(Throwable failure, Object @Nullable [] args) {
        try {
            Object value = apply(failure, args);
            if (value instanceof CompletionStage<?> stage) {
                return (CompletionStage<Object>) stage;
            }
            return CompletableFuture.completedFuture(value);
        } catch (Throwable t) {
            return CompletableFuture.failedFuture(t);
        }
    }

    @Override
    public String toString() {
        return description;
    }
}
