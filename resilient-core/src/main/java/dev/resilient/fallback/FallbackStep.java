package dev.resilient.fallback;

import dev.resilient.ContextPropagator;
import dev.resilient.event.EventType;
import dev.resilient.fallback.internal.Alternative;
import dev.resilient.internal.Nulls;
import dev.resilient.step.Exceptions;
import dev.resilient.step.Step;
import dev.resilient.step.StepContext;
import dev.resilient.step.Suppression;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the inner steps' failure into a fallback value, a suppressed {@code null}, or a mapped
 * failure, as its {@link FallbackConfig} says. Decision order for a failure:
 * <ol>
 *   <li>an ignored failure ({@link Step#passesThrough(Throwable)}) or an {@link Error} propagates untouched;</li>
 *   <li>a suppressed type yields the chain's value (or {@code null} without a chain), silently;</li>
 *   <li>a handled type (or a rejection) with a chain yields the chain's value;</li>
 *   <li>with {@code reraise(false)} the failure is logged and the chain's value (or {@code null}) returned;</li>
 *   <li>otherwise the failure, mapped by the error mapper, is rethrown.</li>
 * </ol>
 * A chain whose alternatives all fail raises the last failure (mapped) with the earlier ones as
 * suppressed; with {@code reraise(false)} it is logged and {@code null} returned. Every result that
 * comes from here counts as a fallback and emits a {@code FALLBACK} event.
 */
public final class FallbackStep extends Step {

    private static final Logger log = LoggerFactory.getLogger(FallbackStep.class);
    private static final String SOURCE = "fallback";

    private final FallbackConfig config;
    private final StepContext ctx;
    private final List<Alternative> alternatives;

    public FallbackStep(FallbackConfig config, StepContext ctx, Step next) {
        super(Objects.requireNonNull(next, "next"));
        this.config = Objects.requireNonNull(config, "config");
        this.ctx = Objects.requireNonNull(ctx, "ctx");
        this.alternatives = config.alternatives();
    }

    public FallbackConfig config() {
        return config;
    }

    @Override
    public <T> T execute(Callable<T> call, Object @Nullable [] args) throws Exception {
        try {
            return next.execute(call, args);
        } catch (Throwable failure) {
            if (Step.passesThrough(failure) || failure instanceof Error) {
                throw failure;
            }
            return handle(failure, args);
        }
    }

    @SuppressWarnings("unchecked")
    private <T> T handle(Throwable failure, Object @Nullable [] args) throws Exception {
        String reason = reasonToFallBack(failure);
        if (reason == null) {
            throw Exceptions.sneakyThrow(mapped(failure));
        }
        Object result = null;
        if (!alternatives.isEmpty()) {
            try {
                result = runChain(failure, args);
            } catch (Throwable chainFailure) {
                if (config.reraise() || chainFailure instanceof Error) {
                    throw Exceptions.sneakyThrow(chainFailure instanceof Error ? chainFailure : mapped(chainFailure));
                }
                log.warn(
                        "{}: every fallback failed; returning null because reraise is false",
                        ctx.instance(),
                        chainFailure);
            }
        }
        fellBack(failure, result, args, reason);
        return Nulls.result((T) result);
    }

    /** Why the failure gets the fallback, or {@code null} when it is to be rethrown. */
    private @Nullable String reasonToFallBack(Throwable failure) {
        if (config.suppresses(failure)) {
            return "suppressed";
        }
        if (!alternatives.isEmpty() && config.handles(failure)) {
            if (log.isDebugEnabled()) {
                log.debug("{}: call failed with {}; using the fallback", ctx.instance(), failure.toString());
            }
            return "fallback";
        }
        if (!config.reraise()) {
            log.warn("{}: call failed; returning the fallback because reraise is false", ctx.instance(), failure);
            return "reraise=false";
        }
        return null;
    }

    private @Nullable Object runChain(Throwable original, Object @Nullable [] args) throws Throwable {
        List<Throwable> earlier = null;
        int last = alternatives.size() - 1;
        for (int i = 0; ; i++) {
            try {
                return alternatives.get(i).apply(original, args);
            } catch (Throwable alternativeFailure) {
                if (alternativeFailure instanceof Error) {
                    throw alternativeFailure;
                }
                if (i == last) {
                    throw exhausted(alternativeFailure, original, earlier);
                }
                if (earlier == null) {
                    earlier = new ArrayList<>(2);
                }
                earlier.add(alternativeFailure);
            }
        }
    }

    private static Throwable exhausted(Throwable last, Throwable original, @Nullable List<Throwable> earlier) {
        Suppression.addOnce(last, original);
        if (earlier != null) {
            for (Throwable failure : earlier) {
                Suppression.addOnce(last, failure);
            }
        }
        return last;
    }

    private Throwable mapped(Throwable failure) {
        Function<Throwable, Throwable> mapper = config.errorMapper();
        if (mapper == null || failure instanceof Error) {
            return failure;
        }
        try {
            Throwable mappedFailure = mapper.apply(failure);
            if (mappedFailure == null) {
                log.warn("{}: the error mapper returned null; rethrowing the original failure", ctx.instance());
                return failure;
            }
            return mappedFailure;
        } catch (Throwable mapperFailure) {
            log.warn("{}: the error mapper failed; rethrowing the original failure", ctx.instance(), mapperFailure);
            return Suppression.addOnce(failure, mapperFailure);
        }
    }

    private void fellBack(Throwable failure, @Nullable Object result, Object @Nullable [] args, String reason) {
        if (failure instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
        ctx.stats().recordFallback();
        if (ctx.eventsEnabled(EventType.FALLBACK)) {
            ctx.publish(ctx.event(EventType.FALLBACK, SOURCE)
                    .failure(failure)
                    .result(result)
                    .arguments(args)
                    .detail(reason));
        }
    }

    @Override
    public <T> CompletionStage<T> executeAsync(Supplier<? extends CompletionStage<T>> call, Object @Nullable [] args) {
        ContextPropagator.CapturedContext context =
                ctx.runtime().contextPropagator().capture();
        return nextAsync(call, args, (value, failure, result) -> {
            if (failure == null) {
                result.complete(value);
            } else if (Step.passesThrough(failure) || failure instanceof Error) {
                result.completeExceptionally(failure);
            } else {
                try (ContextPropagator.Scope scope = context.restore()) {
                    handleAsync(failure, args, result, context);
                }
            }
        });
    }

    @SuppressWarnings("unchecked")
    private <T> void handleAsync(
            Throwable failure,
            Object @Nullable [] args,
            CompletableFuture<T> result,
            ContextPropagator.CapturedContext context) {
        String reason;
        try {
            reason = reasonToFallBack(failure);
        } catch (RuntimeException | Error e) {
            result.completeExceptionally(e);
            return;
        }
        if (reason == null) {
            result.completeExceptionally(mapped(failure));
            return;
        }
        if (alternatives.isEmpty()) {
            fellBack(failure, null, args, reason);
            result.complete(null);
            return;
        }
        CompletableFuture<Object> chain = new CompletableFuture<>();
        runChainAsync(0, failure, args, null, chain, context);
        chain.whenComplete((value, chainFailure) -> {
            if (chainFailure == null) {
                fellBack(failure, value, args, reason);
                result.complete((T) value);
            } else if (config.reraise() || chainFailure instanceof Error) {
                result.completeExceptionally(chainFailure instanceof Error ? chainFailure : mapped(chainFailure));
            } else {
                log.warn(
                        "{}: every fallback failed; returning null because reraise is false",
                        ctx.instance(),
                        chainFailure);
                fellBack(failure, null, args, reason);
                result.complete(null);
            }
        });
    }

    private void runChainAsync(
            int index,
            Throwable original,
            Object @Nullable [] args,
            @Nullable List<Throwable> earlier,
            CompletableFuture<Object> chain,
            ContextPropagator.CapturedContext context) {
        CompletionStage<Object> stage = alternatives.get(index).applyAsync(original, args);
        if (stage == null) {
            stage = CompletableFuture.failedFuture(
                    new NullPointerException("the fallback returned null instead of a CompletionStage"));
        }
        stage.whenComplete((value, completionFailure) -> {
            if (completionFailure == null) {
                chain.complete(value);
                return;
            }
            Throwable failure = Exceptions.unwrap(completionFailure);
            if (failure instanceof Error) {
                chain.completeExceptionally(failure);
            } else if (index == alternatives.size() - 1) {
                chain.completeExceptionally(exhausted(failure, original, earlier));
            } else {
                List<Throwable> failures = earlier == null ? new ArrayList<>(2) : earlier;
                failures.add(failure);
                try (ContextPropagator.Scope scope = context.restore()) {
                    runChainAsync(index + 1, original, args, failures, chain, context);
                }
            }
        });
    }

    @Override
    public String toString() {
        return "FallbackStep" + config;
    }
}
