package dev.resilient.step;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/** Runs the call itself. An async call that throws instead of returning a stage yields a failed stage. */
final class TerminalStep extends Step {

    static final TerminalStep INSTANCE = new TerminalStep();

    @SuppressWarnings("NullAway") // the innermost step has no next step and never reads it
    private TerminalStep() {
        super(null);
    }

    @Override
    public <T> T execute(Callable<T> call, Object @Nullable [] args) throws Exception {
        return call.call();
    }

    @Override
    public <T> CompletionStage<T> executeAsync(Supplier<? extends CompletionStage<T>> call, Object @Nullable [] args) {
        try {
            CompletionStage<T> stage = call.get();
            if (stage == null) {
                return CompletableFuture.failedFuture(
                        new NullPointerException("the async call returned null instead of a CompletionStage"));
            }
            return stage;
        } catch (RuntimeException | Error e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
