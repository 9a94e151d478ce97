package dev.resilient.step;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * One step of a pipeline (retry, circuit breaker, rate limiter, ...). A step wraps the
 * {@link #next} step and decides whether, when and how often to call it. The innermost step,
 * {@link #terminal()}, runs the call itself.
 *
 * <p>Contract for implementations:
 * <ul>
 *   <li>A step that is not configured is not in the chain at all; a configured step must not
 *       allocate on the synchronous success path.</li>
 *   <li>A failure for which {@link #passesThrough(Throwable)} is true ({@code ignoreWhen} matched)
 *       is rethrown at once, untouched and uncounted.</li>
 *   <li>Async failures arrive wrapped in {@code CompletionException}; classify the unwrapped cause
 *       ({@link dev.resilient.step.Exceptions#unwrap(Throwable)}).</li>
 *   <li>Async steps never block a thread; they wait on the runtime's scheduler.</li>
 * </ul>
 */
public abstract class Step {

    /** The step this one wraps; {@code null} only for the terminal step. */
    protected final Step next;

    protected Step(Step next) {
        this.next = next;
    }

    /**
     * The step this one wraps ({@code null} for the terminal step). Lets an integration rebuild the
     * outer steps of an assembled chain around steps of its own.
     */
    public final Step next() {
        return next;
    }

    /** Runs {@code call} (through the inner steps) synchronously. */
    public abstract <T> T execute(Callable<T> call, Object @Nullable [] args) throws Exception;

    /** Runs {@code call} (through the inner steps) asynchronously, never blocking a thread. */
    public abstract <T> CompletionStage<T> executeAsync(
            Supplier<? extends CompletionStage<T>> call, Object @Nullable [] args);

    /**
     * Runs the inner steps asynchronously; a step or call that throws instead of returning a stage
     * yields a failed stage, so callers only ever deal with stages.
     */
    protected final <T> CompletionStage<T> nextAsync(
            Supplier<? extends CompletionStage<T>> call, Object @Nullable [] args) {
        try {
            return next.executeAsync(call, args);
        } catch (RuntimeException | Error e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * Runs the inner steps asynchronously and hands their outcome to {@code handler}, which completes
     * the returned future: the shape "complete, or unwrap and handle" every async step shares. The
     * handler gets the value, or the failure with its {@code CompletionException} wrapper removed; a
     * handler that throws fails the future with what it threw (unless it completed it already).
     */
    protected final <T> CompletableFuture<T> nextAsync(
            Supplier<? extends CompletionStage<T>> call, Object @Nullable [] args, Outcome<T> handler) {
        return whenDone(nextAsync(call, args), handler);
    }

    /** Hands {@code stage}'s outcome to {@code handler} as {@link #nextAsync(Supplier, Object[], Outcome)} does. */
    public static <T> CompletableFuture<T> whenDone(CompletionStage<T> stage, Outcome<T> handler) {
        CompletableFuture<T> result = new CompletableFuture<>();
        stage.whenComplete((value, failure) -> {
            try {
                handler.handle(value, failure == null ? null : Exceptions.unwrap(failure), result);
            } catch (Throwable unexpected) {
                result.completeExceptionally(unexpected);
            }
        });
        return result;
    }

    /**
     * Runs the inner steps asynchronously and tells {@code observer} how they ended (the value, or
     * the failure unwrapped) before the returned stage ends as they did: the shape of a step that
     * records an outcome without changing it (release a permit, count, time, log).
     */
    protected final <T> CompletionStage<T> nextAsyncObserved(
            Supplier<? extends CompletionStage<T>> call, Object @Nullable [] args, Observer<? super T> observer) {
        return nextAsync(call, args)
                .whenComplete(
                        (value, failure) -> observer.ended(value, failure == null ? null : Exceptions.unwrap(failure)));
    }

    /** Completes {@code result} from {@code stage} when it completes, with its value or failure as is. */
    public static <T> void relay(CompletionStage<? extends T> stage, CompletableFuture<T> result) {
        stage.whenComplete((value, failure) -> complete(result, value, failure));
    }

    /** Completes {@code result} with {@code failure} when there is one, otherwise with {@code value}. */
    public static <T> void complete(CompletableFuture<T> result, @Nullable T value, @Nullable Throwable failure) {
        if (failure == null) {
            result.complete(value);
        } else {
            result.completeExceptionally(failure);
        }
    }

    /** What a step that only records an async outcome does with it ({@link #nextAsyncObserved}). */
    @FunctionalInterface
    public interface Observer<T> {

        /**
         * Records how the inner steps ended.
         *
         * @param value the inner value; meaningful only when {@code failure} is {@code null}
         * @param failure the inner failure, unwrapped ({@link Exceptions#unwrap}); {@code null} on success
         */
        void ended(@Nullable T value, @Nullable Throwable failure);
    }

    /** What a step does once its inner steps' async call is done. */
    @FunctionalInterface
    public interface Outcome<T> {

        /**
         * Completes {@code result} from the inner outcome.
         *
         * @param value the inner value; meaningful only when {@code failure} is {@code null}
         * @param failure the inner failure, unwrapped ({@link Exceptions#unwrap}); {@code null} on success
         * @param result the step's own future, to complete
         */
        void handle(@Nullable T value, @Nullable Throwable failure, CompletableFuture<T> result);
    }

    /**
     * A new future for this step's result that, when the caller cancels it, cancels {@code inner}
     * too, so a cancellation reaches the call and any pending wait.
     */
    public static <T> CompletableFuture<T> cancellingInner(CompletionStage<?> inner) {
        CompletableFuture<T> result = new CompletableFuture<>();
        result.whenComplete((value, failure) -> {
            if (result.isCancelled()) {
                inner.toCompletableFuture().cancel(true);
            }
        });
        return result;
    }

    /** The call as an integration handed it to the pipeline: {@code call} with every {@link WrappedCall} looked through. */
    public static Object originalCall(Object call) {
        Object current = call;
        while (current instanceof WrappedCall wrapped) {
            current = wrapped.original();
        }
        return current;
    }

    /** The step that runs the call itself. */
    public static Step terminal() {
        return TerminalStep.INSTANCE;
    }

    /** Whether {@code failure} must pass through every step untouched ({@code ignoreWhen} matched). */
    public static boolean passesThrough(@Nullable Throwable failure) {
        return failure instanceof IgnoredFailure;
    }
}
