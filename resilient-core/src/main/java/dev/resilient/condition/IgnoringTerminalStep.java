package dev.resilient.condition;

import dev.resilient.event.EventType;
import dev.resilient.internal.BurstLog;
import dev.resilient.step.IgnoredFailure;
import dev.resilient.step.Step;
import dev.resilient.step.StepContext;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionStage;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The terminal step of a pipeline with {@code ignoreWhen}: runs the call and wraps a failure that
 * matches the predicate in an {@link IgnoredFailure}, which every other step passes through untouched
 * and the pipeline unwraps (counting it as ignored). Emits {@code IGNORED}. A predicate that throws
 * counts as no match (logged once per burst); a {@link VirtualMachineError} is never ignored.
 */
public final class IgnoringTerminalStep extends Step {

    private static final Logger log = LoggerFactory.getLogger(IgnoringTerminalStep.class);
    private static final String SOURCE = "ignoreWhen";
    private static final Step TERMINAL = Step.terminal();

    private final Predicate<Throwable> ignoreWhen;
    private final StepContext ctx;
    private final BurstLog predicateFailures = new BurstLog();

    @SuppressWarnings("NullAway") // the innermost step has no next step and never reads it
    public IgnoringTerminalStep(Predicate<Throwable> ignoreWhen, StepContext ctx) {
        super(null);
        this.ignoreWhen = Objects.requireNonNull(ignoreWhen, "ignoreWhen");
        this.ctx = Objects.requireNonNull(ctx, "ctx");
    }

    @Override
    public <T> T execute(Callable<T> call, Object @Nullable [] args) throws Exception {
        try {
            return call.call();
        } catch (Throwable failure) {
            if (ignores(failure)) {
                throw ignored(failure, args);
            }
            throw failure;
        }
    }

    @Override
    public <T> CompletionStage<T> executeAsync(Supplier<? extends CompletionStage<T>> call, Object @Nullable [] args) {
        return Step.whenDone(TERMINAL.executeAsync(call, args), (value, failure, result) -> {
            if (failure == null) {
                result.complete(value);
            } else {
                result.completeExceptionally(ignores(failure) ? ignored(failure, args) : failure);
            }
        });
    }

    /**
     * {@code failure} as this step hands it on, for an integration that runs the call itself: wrapped
     * in an {@link IgnoredFailure} (and an {@code IGNORED} event emitted) when {@code ignoreWhen}
     * matches it, else unchanged.
     */
    public Throwable classify(Throwable failure, Object @Nullable [] args) {
        return ignores(failure) ? ignored(failure, args) : failure;
    }

    private boolean ignores(Throwable failure) {
        if (failure instanceof VirtualMachineError || Step.passesThrough(failure)) {
            return false;
        }
        try {
            boolean matches = ignoreWhen.test(failure);
            predicateFailures.succeeded();
            return matches;
        } catch (VirtualMachineError fatal) {
            throw fatal;
        } catch (Throwable e) {
            if (predicateFailures.failed()) {
                log.warn(
                        "{}: the ignoreWhen predicate failed; failures are handled normally until it works again",
                        ctx.instance(),
                        e);
            }
            return false;
        }
    }

    private IgnoredFailure ignored(Throwable failure, Object @Nullable [] args) {
        if (ctx.eventsEnabled(EventType.IGNORED)) {
            ctx.publish(ctx.event(EventType.IGNORED, SOURCE).failure(failure).arguments(args));
        }
        return new IgnoredFailure(failure);
    }

    @Override
    public String toString() {
        return "IgnoringTerminalStep";
    }
}
