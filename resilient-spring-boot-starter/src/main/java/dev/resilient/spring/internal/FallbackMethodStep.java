package dev.resilient.spring.internal;

import dev.resilient.ContextPropagator;
import dev.resilient.event.EventType;
import dev.resilient.internal.Exceptions;
import dev.resilient.internal.Suppression;
import dev.resilient.pipeline.Step;
import dev.resilient.pipeline.StepContext;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * Answers a failed call with the method's {@code fallbackMethod}, invoked on the same bean with the
 * call's arguments (plus the failure when the chosen overload takes one). The overload is picked
 * per failure by {@link FallbackPlan#methodFor(Throwable)}; a failure no overload takes, one outside
 * {@code fallback.handles}, an {@link Error} or an ignored failure propagates unchanged. A fallback
 * result counts as a fallback in the instance's stats and emits a {@code FALLBACK} event. With
 * {@code fallback.reraise} the fallback method runs for its side effects and the original failure
 * is rethrown. A fallback method that throws fails the call with its exception, the original
 * failure attached as suppressed.
 */
final class FallbackMethodStep extends Step {

    private static final String SOURCE = "fallbackMethod";

    private final FallbackPlan plan;
    private final List<Class<? extends Throwable>> handles;
    private final boolean reraise;
    private final StepContext ctx;
    private final ReturnKind kind;

    FallbackMethodStep(
            FallbackPlan plan,
            List<Class<? extends Throwable>> handles,
            boolean reraise,
            ReturnKind kind,
            StepContext ctx,
            Step next) {
        super(Objects.requireNonNull(next, "next"));
        this.plan = plan;
        this.handles = handles;
        this.reraise = reraise;
        this.kind = kind;
        this.ctx = ctx;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T execute(Callable<T> call, Object[] args) throws Exception {
        try {
            return this.next.execute(call, args);
        } catch (Throwable failure) {
            Method method = methodFor(failure);
            if (method == null || !(call instanceof Invocation invocation)) {
                throw failure;
            }
            Object result = invoke(method, invocation.target(), args, failure);
            if (this.reraise) {
                throw failure;
            }
            fellBack(failure, result, args);
            return (T) result;
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> CompletionStage<T> executeAsync(Supplier<? extends CompletionStage<T>> call, Object[] args) {
        ContextPropagator.CapturedContext context =
                this.ctx.runtime().contextPropagator().capture();
        CompletionStage<T> stage = nextAsync(call, args);
        CompletableFuture<T> result = cancellingInner(stage);
        stage.whenComplete((value, completionFailure) -> {
            if (completionFailure == null) {
                result.complete(value);
                return;
            }
            Throwable failure = Exceptions.unwrap(completionFailure);
            Method method = methodFor(failure);
            if (method == null || !(call instanceof Invocation invocation)) {
                result.completeExceptionally(failure);
                return;
            }
            CompletionStage<Object> fallback;
            try (ContextPropagator.Scope scope = context.restore()) {
                fallback = invocation.toFallbackStage(invoke(method, invocation.target(), args, failure));
            } catch (Throwable ex) {
                fallback = CompletableFuture.failedFuture(ex);
            }
            fallback.whenComplete((fallbackValue, fallbackFailure) -> {
                if (fallbackFailure == null && this.reraise) {
                    result.completeExceptionally(failure);
                } else if (fallbackFailure == null) {
                    fellBack(failure, fallbackValue, args);
                    result.complete((T) fallbackValue);
                } else {
                    result.completeExceptionally(Suppression.addOnce(Exceptions.unwrap(fallbackFailure), failure));
                }
            });
        });
        return result;
    }

    private Method methodFor(Throwable failure) {
        if (Step.passesThrough(failure)
                || failure instanceof Error
                || (!this.handles.isEmpty() && !Exceptions.isInstanceOfAny(failure, this.handles))) {
            return null;
        }
        return this.plan.methodFor(failure);
    }

    private Object invoke(Method method, Object target, Object[] args, Throwable failure) throws Exception {
        Object[] arguments = args != null ? args : new Object[0];
        if (this.plan.takesThrowable(method)) {
            arguments = Arrays.copyOf(arguments, arguments.length + 1);
            arguments[arguments.length - 1] = failure;
        }
        try {
            return method.invoke(target, arguments);
        } catch (InvocationTargetException ex) {
            Throwable cause = ex.getTargetException();
            throw Exceptions.sneakyThrow(Suppression.addOnce(cause, failure));
        }
    }

    private void fellBack(Throwable failure, Object result, Object[] args) {
        this.ctx.stats().recordFallback();
        if (this.ctx.eventsEnabled(EventType.FALLBACK)) {
            this.ctx.publish(this.ctx
                    .event(EventType.FALLBACK, SOURCE)
                    .failure(failure)
                    .result(result)
                    .arguments(args)
                    .detail(this.plan.name()));
        }
    }

    @Override
    public String toString() {
        return "FallbackMethodStep{" + this.plan.name() + "}";
    }
}
