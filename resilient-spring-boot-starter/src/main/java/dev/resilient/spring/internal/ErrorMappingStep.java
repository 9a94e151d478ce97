package dev.resilient.spring.internal;

import dev.resilient.retry.RetryExhaustedException;
import dev.resilient.spring.ResilientErrorMapper;
import dev.resilient.step.Exceptions;
import dev.resilient.step.Step;
import dev.resilient.step.StepContext;
import dev.resilient.step.Suppression;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Maps a failure that leaves a method's pipeline with the application's
 * {@link ResilientErrorMapper}, which is given the call's last failure (a
 * {@code RetryExhaustedException} wrapper is looked through); a mapper returning that failure or
 * null leaves the thrown exception as it was. Ignored failures and {@link Error}s pass unchanged; a mapper that
 * throws or returns null leaves the original failure.
 */
final class ErrorMappingStep extends Step {

    private static final Log logger = LogFactory.getLog(ErrorMappingStep.class);

    private final ResilientErrorMapper mapper;
    private final StepContext ctx;

    ErrorMappingStep(ResilientErrorMapper mapper, StepContext ctx, Step next) {
        super(next);
        this.mapper = mapper;
        this.ctx = ctx;
    }

    @Override
    public <T> T execute(Callable<T> call, Object @Nullable [] args) throws Exception {
        try {
            return this.next.execute(call, args);
        } catch (Throwable failure) {
            throw Exceptions.sneakyThrow(map(failure));
        }
    }

    @Override
    public <T> CompletionStage<T> executeAsync(Supplier<? extends CompletionStage<T>> call, Object @Nullable [] args) {
        CompletionStage<T> stage = nextAsync(call, args);
        CompletableFuture<T> result = cancellingInner(stage);
        stage.whenComplete((value, failure) -> {
            if (failure == null) {
                result.complete(value);
            } else {
                result.completeExceptionally(map(Exceptions.unwrap(failure)));
            }
        });
        return result;
    }

    /** What {@code failure} leaves the method's pipeline as. */
    Throwable map(Throwable failure) {
        if (Step.passesThrough(failure) || failure instanceof Error) {
            return failure;
        }
        Throwable last = RetryExhaustedException.lastFailureOf(failure);
        try {
            Throwable mapped = this.mapper.map(this.ctx.instance(), last);
            return mapped != null && mapped != last ? mapped : failure;
        } catch (RuntimeException ex) {
            logger.warn(this.ctx.instance() + ": the error mapper failed; rethrowing the original failure", ex);
            return Suppression.addOnce(failure, ex);
        }
    }
}
