package dev.resilient.step;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

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

    /** Runs {@code call} (through the inner steps) synchronously. */
    public abstract <T> T execute(Callable<T> call, Object[] args) throws Exception;

    /** Runs {@code call} (through the inner steps) asynchronously, never blocking a thread. */
    public abstract <T> CompletionStage<T> executeAsync(Supplier<? extends CompletionStage<T>> call, Object[] args);

    /**
     * Runs the inner steps asynchronously; a step or call that throws instead of returning a stage
     * yields a failed stage, so callers only ever deal with stages.
     */
    protected final <T> CompletionStage<T> nextAsync(Supplier<? extends CompletionStage<T>> call, Object[] args) {
        try {
            return next.executeAsync(call, args);
        } catch (RuntimeException | Error e) {
            return CompletableFuture.failedFuture(e);
        }
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

    /** The step that runs the call itself. */
    public static Step terminal() {
        return TerminalStep.INSTANCE;
    }

    /** Whether {@code failure} must pass through every step untouched ({@code ignoreWhen} matched). */
    public static boolean passesThrough(Throwable failure) {
        return failure instanceof IgnoredFailure;
    }
}
