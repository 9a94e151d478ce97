package dev.resilient.spring.internal;

import dev.resilient.ContextPropagator;
import dev.resilient.event.EventType;
import dev.resilient.retry.RetryExhaustedException;
import dev.resilient.step.Exceptions;
import dev.resilient.step.Step;
import dev.resilient.step.StepContext;
import dev.resilient.step.Suppression;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Answers a failed call of an annotated method: with nothing ({@code null}, an empty
 * {@code Optional}, {@code Mono} or {@code Flux}) when the failure is of a {@code fallback.suppress}
 * type, otherwise with the method's {@code fallbackMethod}, invoked on the same bean with the call's
 * arguments (plus the failure when the chosen overload takes one).
 *
 * <p>Both classify a failure by its last failure ({@link RetryExhaustedException#lastFailureOf}): a
 * {@code RetryExhaustedException} wrapper is looked through, so typed overloads, {@code suppress} and
 * {@code fallback.handles} see what the method threw, and an overload taking the failure is given
 * that last failure. The overload is picked per failure by {@link FallbackPlan#methodFor(Throwable)};
 * a failure no overload takes, one outside {@code fallback.handles}, an {@link Error} or an ignored
 * failure propagates unchanged. An answer counts as a fallback in the instance's stats, emits a
 * {@code FALLBACK} event and marks the call's {@link Invocation} as answered by a fallback. With
 * {@code fallback.reraise} the fallback method runs for its side effects and the original failure
 * is rethrown. A fallback method that throws fails the call with its exception, the original
 * failure attached as suppressed.
 */
final class FallbackMethodStep extends Step {

    static final String SOURCE = "fallbackMethod";
    static final String SUPPRESS = "suppress";

    private final @Nullable FallbackPlan plan;
    private final List<Class<? extends Throwable>> suppress;
    private final List<Class<? extends Throwable>> handles;
    private final boolean reraise;
    private final StepContext ctx;
    private final ReturnKind kind;

    /**
     * @param plan the fallback method's overloads, or null when only {@code suppress} is configured
     * @param suppress failure types answered with nothing
     */
    FallbackMethodStep(
            @Nullable FallbackPlan plan,
            List<Class<? extends Throwable>> suppress,
            List<Class<? extends Throwable>> handles,
            boolean reraise,
            ReturnKind kind,
            StepContext ctx,
            Step next) {
        super(Objects.requireNonNull(next, "next"));
        this.plan = plan;
        this.suppress = List.copyOf(suppress);
        this.handles = handles;
        this.reraise = reraise;
        this.kind = kind;
        this.ctx = ctx;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T execute(Callable<T> call, Object @Nullable [] args) throws Exception {
        try {
            return this.next.execute(call, args);
        } catch (Throwable failure) {
            if (suppresses(failure)) {
                fellBack(call, failure, null, args, SUPPRESS);
                return Nulls.result(null);
            }
            Method method = methodFor(failure);
            if (method == null || !(Step.originalCall(call) instanceof Invocation invocation)) {
                throw failure;
            }
            Object result = invoke(method, invocation.target(), args, failure);
            if (this.reraise) {
                throw failure;
            }
            fellBack(call, failure, result, args, SOURCE);
            return Nulls.result((T) result);
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> CompletionStage<T> executeAsync(Supplier<? extends CompletionStage<T>> call, Object @Nullable [] args) {
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
            if (suppresses(failure)) {
                fellBack(call, failure, null, args, SUPPRESS);
                result.complete(null);
                return;
            }
            Method method = methodFor(failure);
            if (method == null || !(Step.originalCall(call) instanceof Invocation invocation)) {
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
                    fellBack(call, failure, fallbackValue, args, SOURCE);
                    result.complete((T) fallbackValue);
                } else {
                    result.completeExceptionally(Suppression.addOnce(Exceptions.unwrap(fallbackFailure), failure));
                }
            });
        });
        return result;
    }

    /** Whether {@code failure} is answered with nothing ({@code suppress}). */
    boolean suppresses(Throwable failure) {
        return !this.suppress.isEmpty()
                && handled(failure)
                && Exceptions.isInstanceOfAny(RetryExhaustedException.lastFailureOf(failure), this.suppress);
    }

    private boolean handled(Throwable failure) {
        return !Step.passesThrough(failure)
                && !(failure instanceof Error)
                && (this.handles.isEmpty()
                        || Exceptions.isInstanceOfAny(RetryExhaustedException.lastFailureOf(failure), this.handles));
    }

    /** The fallback method overload answering {@code failure}, or null when none does. */
    @Nullable
    Method methodFor(Throwable failure) {
        if (this.plan == null || !handled(failure)) {
            return null;
        }
        return this.plan.methodFor(RetryExhaustedException.lastFailureOf(failure));
    }

    /** Invokes the fallback method {@code method} on {@code target} for {@code failure}. */
    @Nullable
    Object invoke(Method method, @Nullable Object target, Object @Nullable [] args, Throwable failure)
            throws Exception {
        Object[] arguments = args != null ? args : new Object[0];
        if (Objects.requireNonNull(this.plan, "plan").takesThrowable(method)) {
            arguments = Arrays.copyOf(arguments, arguments.length + 1);
            arguments[arguments.length - 1] = RetryExhaustedException.lastFailureOf(failure);
        }
        try {
            return method.invoke(target, arguments);
        } catch (InvocationTargetException ex) {
            Throwable cause = ex.getTargetException();
            throw Exceptions.sneakyThrow(Suppression.addOnce(cause, failure));
        }
    }

    /** Counts and reports that a fallback answered the call. */
    void fellBack(Object call, Throwable failure, @Nullable Object result, Object @Nullable [] args, String source) {
        if (Step.originalCall(call) instanceof Invocation invocation) {
            invocation.answeredByFallback(failure);
        }
        this.ctx.stats().recordFallback();
        if (this.ctx.eventsEnabled(EventType.FALLBACK)) {
            this.ctx.publish(this.ctx
                    .event(EventType.FALLBACK, source)
                    .failure(failure)
                    .result(result)
                    .arguments(args)
                    .detail(source == SUPPRESS || this.plan == null ? "suppressed" : this.plan.name()));
        }
    }

    /** Whether the fallback method runs for its side effects only, the failure being rethrown. */
    boolean reraises() {
        return this.reraise;
    }

    /** The instance's context. */
    StepContext context() {
        return this.ctx;
    }

    @Override
    public String toString() {
        return "FallbackMethodStep{" + (this.plan != null ? this.plan.name() : "") + ", suppress=" + this.suppress
                + "}";
    }
}
