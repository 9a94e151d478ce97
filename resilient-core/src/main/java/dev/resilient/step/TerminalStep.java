package dev.resilient.step;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/** Runs the call itself. An async call that throws instead of returning a stage yields a failed stage. */
final class TerminalStep extends Step {

    static final TerminalStep INSTANCE = new TerminalStep();

    private TerminalStep() {
        super(null);
    }

    @Override
    public <T> T execute(Callable<T> call, Object[] args) throws Exception {
        return call.call();
    }

    @Override
    public <T> CompletionStage<T> executeAsync(Supplier<? extends CompletionStage<T>> call, Object[] args) {
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
