package dev.resilient.recovery;

import dev.resilient.event.EventType;
import dev.resilient.step.Exceptions;
import dev.resilient.step.Step;
import dev.resilient.step.StepContext;
import dev.resilient.step.Suppression;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Answers a failure of the inner steps with the recovery function registered for its most specific
 * type. A failure without a recovery function, an {@link Error} and an ignored failure propagate
 * unchanged. A recovery function that throws raises its own failure with the original one added as
 * suppressed. A recovered result counts as a fallback and emits a {@code FALLBACK} event (source
 * {@code recovery}).
 */
public final class RecoveryStep extends Step {

    private static final String SOURCE = "recovery";

    private final RecoveryConfig config;
    private final StepContext ctx;

    public RecoveryStep(RecoveryConfig config, StepContext ctx, Step next) {
        super(Objects.requireNonNull(next, "next"));
        this.config = Objects.requireNonNull(config, "config");
        this.ctx = Objects.requireNonNull(ctx, "ctx");
    }

    public RecoveryConfig config() {
        return config;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T execute(Callable<T> call, Object @Nullable [] args) throws Exception {
        try {
            return next.execute(call, args);
        } catch (Throwable failure) {
            Function<Throwable, ?> recovery = Step.passesThrough(failure) ? null : config.recoveryFor(failure);
            if (recovery == null) {
                throw failure;
            }
            Object value;
            try {
                value = recovery.apply(failure);
            } catch (Throwable recoveryFailure) {
                throw Exceptions.sneakyThrow(Suppression.addOnce(recoveryFailure, failure));
            }
            recovered(failure, value, args);
            return (T) value;
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> CompletionStage<T> executeAsync(Supplier<? extends CompletionStage<T>> call, Object @Nullable [] args) {
        return nextAsync(call, args, (value, failure, result) -> {
            if (failure == null) {
                result.complete(value);
                return;
            }
            Function<Throwable, ?> recovery = Step.passesThrough(failure) ? null : config.recoveryFor(failure);
            if (recovery == null) {
                result.completeExceptionally(failure);
                return;
            }
            Object recoveredValue;
            try {
                recoveredValue = recovery.apply(failure);
            } catch (Throwable recoveryFailure) {
                result.completeExceptionally(Suppression.addOnce(recoveryFailure, failure));
                return;
            }
            if (recoveredValue instanceof CompletionStage<?> recoveredStage) {
                recoveredStage.whenComplete((asyncValue, asyncFailure) -> {
                    if (asyncFailure == null) {
                        recovered(failure, asyncValue, args);
                        result.complete((T) asyncValue);
                    } else {
                        result.completeExceptionally(Suppression.addOnce(Exceptions.unwrap(asyncFailure), failure));
                    }
                });
            } else {
                recovered(failure, recoveredValue, args);
                result.complete((T) recoveredValue);
            }
        });
    }

    /**
     * Records that a recovery answered {@code failure} with {@code value} (the fallback counter, a
     * {@code FALLBACK} event), as this step does, for an integration that runs the recovery itself.
     */
    public void recovered(Throwable failure, @Nullable Object value, Object @Nullable [] args) {
        if (failure instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
        ctx.stats().recordFallback();
        if (ctx.eventsEnabled(EventType.FALLBACK)) {
            ctx.publish(ctx.event(EventType.FALLBACK, SOURCE)
                    .failure(failure)
                    .result(value)
                    .arguments(args)
                    .detail("recovered " + failure.getClass().getName()));
        }
    }

    @Override
    public String toString() {
        return "RecoveryStep" + config;
    }
}
