package dev.resilient.recovery;

import dev.resilient.step.IgnoredFailure;
import dev.resilient.step.Step;
import dev.resilient.step.StepContext;
import dev.resilient.step.Suppression;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the cleanup action once per call after everything else: the outermost step of a pipeline.
 * Async: when the call's stage completes. The action sees the call's original failure (an ignored
 * failure unwrapped). The action's own failure is logged and, when the call failed, added as
 * suppressed to the call's failure; the call's outcome is never changed.
 */
public final class CleanupStep extends Step {

    private static final Logger log = LoggerFactory.getLogger(CleanupStep.class);

    private final CleanupConfig config;
    private final StepContext ctx;
    private final Consumer<Throwable> action;
    private final boolean onSuccess;

    public CleanupStep(CleanupConfig config, StepContext ctx, Step next) {
        super(Objects.requireNonNull(next, "next"));
        this.config = Objects.requireNonNull(config, "config");
        this.ctx = Objects.requireNonNull(ctx, "ctx");
        this.action = config.action();
        this.onSuccess = config.mode() == CleanupConfig.Mode.ALWAYS;
    }

    public CleanupConfig config() {
        return config;
    }

    /** Whether the action runs after a successful call too ({@link CleanupConfig.Mode#ALWAYS}). */
    public boolean runsOnSuccess() {
        return onSuccess;
    }

    @Override
    public <T> T execute(Callable<T> call, Object @Nullable [] args) throws Exception {
        T result;
        try {
            result = next.execute(call, args);
        } catch (Throwable failure) {
            cleanUpAfter(failure);
            throw failure;
        }
        if (onSuccess) {
            cleanUpAfter(null);
        }
        return result;
    }

    @Override
    public <T> CompletionStage<T> executeAsync(Supplier<? extends CompletionStage<T>> call, Object @Nullable [] args) {
        return nextAsync(call, args, (value, failure, result) -> {
            if (failure == null) {
                if (onSuccess) {
                    cleanUpAfter(null);
                }
                result.complete(value);
            } else {
                cleanUpAfter(failure);
                result.completeExceptionally(failure);
            }
        });
    }

    /**
     * Runs the action after a call that returned ({@code wrappedFailure} null) or failed, as this step
     * does, for an integration that runs the call itself (e.g. as Reactor operators); never throws
     * (except for a fatal VM error).
     */
    public void cleanUpAfter(@Nullable Throwable wrappedFailure) {
        Throwable failure = wrappedFailure instanceof IgnoredFailure ignored ? ignored.original() : wrappedFailure;
        try {
            action.accept(failure);
        } catch (VirtualMachineError fatal) {
            throw fatal;
        } catch (Throwable cleanupFailure) {
            if (failure == null) {
                log.warn(
                        "{}: cleanup failed after a successful call; the result is kept",
                        ctx.instance(),
                        cleanupFailure);
            } else {
                log.warn(
                        "{}: cleanup failed after a failed call; added as suppressed to {}",
                        ctx.instance(),
                        failure.toString(),
                        cleanupFailure);
                Suppression.addOnce(failure, cleanupFailure);
            }
        }
    }

    @Override
    public String toString() {
        return "CleanupStep" + config;
    }
}
