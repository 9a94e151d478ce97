package dev.resilient.observation.aggregation;

import dev.resilient.event.EventType;
import dev.resilient.step.Step;
import dev.resilient.step.StepContext;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Fails calls fast with {@link ErrorLimitExceededException} once the errors of this instance in the
 * aggregator's current window reach {@code errorLimit}, until the window rolls. Errors are counted
 * from the FAILURE events the {@link ErrorAggregator} receives (emitted by the observation step), so
 * the constructor attaches the aggregator to the instance's publisher unless it already listens.
 * With {@code errorLimit} 0 the step lets every call through. The check allocates nothing.
 */
public final class ErrorLimitStep extends Step {

    /** The {@code source} of the REJECTED events this step emits. */
    public static final String SOURCE = "errorLimit";

    private final ErrorAggregator aggregator;
    private final StepContext ctx;
    private final ErrorAggregator.LimitCounter counter;

    public ErrorLimitStep(ErrorAggregator aggregator, StepContext ctx, Step next) {
        super(Objects.requireNonNull(next, "next"));
        this.aggregator = Objects.requireNonNull(aggregator, "aggregator");
        this.ctx = Objects.requireNonNull(ctx, "ctx");
        this.counter = aggregator.limitCounter(ctx.instance());
        aggregator.attachTo(ctx);
    }

    @Override
    public <T> T execute(Callable<T> call, Object[] args) throws Exception {
        if (aggregator.limitReached(counter)) {
            throw reject(args);
        }
        return next.execute(call, args);
    }

    @Override
    public <T> CompletionStage<T> executeAsync(Supplier<? extends CompletionStage<T>> call, Object[] args) {
        if (aggregator.limitReached(counter)) {
            return CompletableFuture.failedFuture(reject(args));
        }
        return next.executeAsync(call, args);
    }

    /**
     * The rejection of a call starting now when the error limit is reached (its {@code REJECTED}
     * event emitted), else {@code null}: this step's check, for an integration that runs the call
     * itself.
     */
    public @Nullable ErrorLimitExceededException check(Object[] args) {
        return aggregator.limitReached(counter) ? reject(args) : null;
    }

    private ErrorLimitExceededException reject(Object[] args) {
        AggregationConfig config = aggregator.config();
        ErrorLimitExceededException rejection = new ErrorLimitExceededException(
                ctx.instance(), config.errorLimit(), config.window(), aggregator.untilWindowRolls());
        if (ctx.eventsEnabled(EventType.REJECTED)) {
            ctx.publish(ctx.event(EventType.REJECTED, SOURCE)
                    .failure(rejection)
                    .arguments(args)
                    .delay(rejection.untilWindowRolls()));
        }
        return rejection;
    }
}
