package dev.resilient.spring.internal;

import dev.resilient.CallNotPermittedException;
import dev.resilient.ContextPropagator;
import dev.resilient.bulkhead.BulkheadStep;
import dev.resilient.cache.FailureCacheStep;
import dev.resilient.cache.FailureStore;
import dev.resilient.circuitbreaker.CircuitBreakerStep;
import dev.resilient.condition.IgnoringTerminalStep;
import dev.resilient.observation.ObservationStep;
import dev.resilient.observation.aggregation.ErrorLimitExceededException;
import dev.resilient.observation.aggregation.ErrorLimitStep;
import dev.resilient.ratelimiter.RateLimiterStep;
import dev.resilient.recovery.CleanupStep;
import dev.resilient.recovery.RecoveryStep;
import dev.resilient.retry.RetryStep;
import dev.resilient.spring.http.HttpRetryScope;
import dev.resilient.step.Exceptions;
import dev.resilient.step.IgnoredFailure;
import dev.resilient.step.PipelineStats;
import dev.resilient.step.Step;
import dev.resilient.step.StepContext;
import dev.resilient.step.Suppression;
import dev.resilient.timeout.TimeoutExceededException;
import dev.resilient.timeout.TimeoutStep;
import io.micrometer.observation.Observation;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoOperator;

/**
 * The pipeline of a {@code Mono} / {@code Flux} method as Reactor operators: per subscription, the
 * method's steps, outer first, become operators around {@code Mono.defer} of one invocation of the
 * method, so every attempt invokes the method again and subscribes to its publisher as part of the
 * subscriber's own chain: the subscriber's Reactor {@code Context} reaches it (and a fallback
 * method's publisher) as it reaches any operator, and Micrometer's automatic context propagation,
 * when the application enables it, restores thread-locals from it.
 *
 * <ul>
 *   <li>retry: {@code retryWhen}, each attempt's outcome decided by the retry step's one decision
 *       ({@link RetryStep#decisions}), the wait on {@link RuntimeTimer};</li>
 *   <li>timeout and total timeout: {@code timeout} with a {@link RuntimeTimer} tick, failing with
 *       {@link TimeoutExceededException};</li>
 *   <li>circuit breaker, rate limiter, bulkhead: their state machines' permits taken on subscription
 *       and given back on the attempt's end or cancellation, with the steps' events and exceptions;</li>
 *   <li>fallback method, {@code suppress}, recovery, error mapping, cleanup, observation, the call's
 *       Micrometer observation, the error limit and the instance's counters: operators on the
 *       signals.</li>
 * </ul>
 *
 * A {@code Flux} attempt is the list of its elements (buffered) or, with {@code flux-mode: stream},
 * the {@link FirstElement} of its elements: either way a {@code Mono} per attempt, so no element is
 * ever replayed. Loaded only when Reactor is on the class path.
 */
final class ReactivePipeline {

    private final MethodPipeline method;
    private final boolean streaming;
    private final PipelineStats stats;
    private final List<Operator> outerFirst;

    /** One step as an operator: {@code inner} (the steps further in and the call) decorated. */
    @FunctionalInterface
    private interface Operator {
        Mono<Object> apply(Mono<Object> inner, Call call);
    }

    /** One subscription: the call's invocation (and whether a fallback answered it) and its state. */
    static final class Call {
        final Invocation invocation;
        final Object[] args;
        volatile ObservationStep.@Nullable Observed observed;

        Call(Invocation invocation, Object[] args) {
            this.invocation = invocation;
            this.args = args;
        }
    }

    private ReactivePipeline(MethodPipeline method, boolean streaming) {
        this.method = method;
        this.streaming = streaming;
        this.stats = method.pipeline().stats();
        StepContext ctx = method.pipeline().context();
        RuntimeTimer timer = new RuntimeTimer(ctx.runtime());
        List<Operator> operators = new ArrayList<>();
        for (Step step = method.pipeline().head(); step != null; step = step.next()) {
            Operator operator = operatorFor(step, ctx, timer);
            if (operator != null) {
                operators.add(operator);
            }
        }
        this.outerFirst = List.copyOf(operators);
    }

    /**
     * The operators of {@code method}'s pipeline.
     *
     * @param streaming whether a Flux attempt settles at its first element ({@code flux-mode: stream})
     * @throws IllegalStateException when the pipeline holds a step that has no operator here
     */
    static ReactivePipeline of(MethodPipeline method, boolean streaming) {
        return new ReactivePipeline(method, streaming);
    }

    private @Nullable Operator operatorFor(Step step, StepContext ctx, RuntimeTimer timer) {
        if (step instanceof CleanupStep cleanup) {
            return (inner, call) -> cleanup(cleanup, inner);
        }
        if (step instanceof ErrorMappingStep mapping) {
            return (inner, call) -> inner.onErrorMap(failure -> mapping.map(Exceptions.unwrap(failure)));
        }
        if (step instanceof CallObservationStep observation) {
            return (inner, call) -> observed(observation, inner, call);
        }
        if (step instanceof ObservationStep observation) {
            return (inner, call) -> observed(observation, inner, call);
        }
        if (step instanceof FallbackMethodStep fallback) {
            return (inner, call) -> fallback(fallback, inner, call);
        }
        if (step instanceof TimeoutStep timeout) {
            return (inner, call) -> ReactiveAttemptSteps.timeout(timeout, ctx, timer, inner, call);
        }
        if (step instanceof RecoveryStep recovery) {
            return (inner, call) -> recovery(recovery, inner, call);
        }
        if (step instanceof ErrorLimitStep limit) {
            return (inner, call) -> Mono.defer(() -> {
                ErrorLimitExceededException rejection = limit.check(call.args);
                return rejection != null ? Mono.error(rejection) : inner;
            });
        }
        if (step instanceof FailureCacheStep cache) {
            return (inner, call) -> failureCached(cache, ctx, timer, inner, call);
        }
        if (step instanceof RetryStep retry) {
            return (inner, call) -> ReactiveAttemptSteps.retry(retry, ctx, timer, inner, call);
        }
        if (step instanceof CircuitBreakerStep breaker) {
            return (inner, call) -> ReactiveAttemptSteps.guarded(breaker, inner, call);
        }
        if (step instanceof RateLimiterStep limiter) {
            return (inner, call) -> ReactiveAttemptSteps.limited(limiter, ctx, timer, inner, call);
        }
        if (step instanceof BulkheadStep bulkhead) {
            return (inner, call) -> ReactiveAttemptSteps.bulkheaded(bulkhead, ctx, inner, call);
        }
        if (step instanceof IgnoringTerminalStep ignoring) {
            return (inner, call) -> inner.onErrorMap(failure -> ignoring.classify(failure, call.args));
        }
        if (step == Step.terminal()) {
            return null;
        }
        throw new IllegalStateException("No Reactor operator for " + step + " of " + ctx.instance());
    }

    /** A decorated {@code Mono}: each subscription runs the pipeline. */
    Mono<Object> mono(MethodInvocation invocation) {
        return Mono.defer(() -> run(invocation));
    }

    /** A decorated {@code Flux}: each subscription runs the pipeline; elements as the flux mode says. */
    @SuppressWarnings("unchecked")
    Flux<Object> flux(MethodInvocation invocation) {
        Mono<Object> call = Mono.defer(() -> run(invocation));
        return this.streaming
                ? call.flatMapMany(elements -> (Flux<Object>) elements)
                : call.flatMapIterable(elements -> (List<Object>) elements);
    }

    private Mono<Object> run(MethodInvocation invocation) {
        Object[] args = invocation.getArguments();
        Call call = new Call(new Invocation(invocation, this.method.kind(), this.method.retries()), args);
        Mono<Object> chain = attempt(call);
        for (int i = this.outerFirst.size() - 1; i >= 0; i--) {
            chain = this.outerFirst.get(i).apply(chain, call);
        }
        return counted(chain);
    }

    // ---- the call ---------------------------------------------------------------------------------

    /** One attempt: invokes the method on subscription and subscribes to what it returned. */
    private Mono<Object> attempt(Call call) {
        Mono<Object> attempt = Mono.defer(() -> {
            @Nullable Object value;
            ObservationStep.@Nullable Observed observed = call.observed;
            try (ObservationStep.AttemptScope scope = observed != null ? observed.attemptScope() : null) {
                value = call.invocation.invokeOnce();
            } catch (Throwable failure) {
                return Mono.error(failure);
            }
            return publisherOf(value);
        });
        return this.method.retries()
                ? attempt.contextWrite(context -> context.put(HttpRetryScope.CONTEXT_KEY, Boolean.TRUE))
                : attempt;
    }

    /**
     * What the method (or its fallback or recovery) returned, as one attempt's {@code Mono}: the
     * {@code Mono} itself; a {@code Flux}'s elements in a list, or with {@code flux-mode: stream} its
     * {@link FirstElement}; empty for null; a {@code CompletionStage}'s value (a fallback may answer
     * with one); any other value as it is.
     */
    @SuppressWarnings("unchecked")
    private Mono<Object> publisherOf(@Nullable Object value) {
        if (value == null) {
            return Mono.empty();
        }
        if (value instanceof CompletionStage<?> stage) {
            // a fallback method or recovery may answer with a stage: its value is the answer
            return Mono.fromCompletionStage((CompletionStage<Object>) stage);
        }
        if (!(value instanceof Publisher<?> publisher)) {
            return Mono.just(value);
        }
        if (this.method.kind() == ReturnKind.MONO) {
            return value instanceof Mono<?> mono ? (Mono<Object>) mono : Mono.from((Publisher<Object>) publisher);
        }
        Flux<Object> elements = Flux.from((Publisher<Object>) publisher);
        return this.streaming
                ? FirstElement.of(elements)
                : elements.collectList().map(list -> (Object) list);
    }

    // ---- counters -----------------------------------------------------------------------------

    /** The instance's counters, as the pipeline counts a call; an ignored failure is unwrapped. */
    private Mono<Object> counted(Mono<Object> chain) {
        return Mono.defer(() -> {
            this.stats.recordCall();
            return watch(
                            chain,
                            value -> this.stats.recordReturn(),
                            this::countFailure,
                            () -> this.stats.recordFailure())
                    .onErrorMap(IgnoredFailure.class::isInstance, failure -> ((IgnoredFailure) failure).original());
        });
    }

    private void countFailure(Throwable failure) {
        if (failure instanceof IgnoredFailure) {
            this.stats.recordIgnored();
        } else if (failure instanceof CallNotPermittedException) {
            this.stats.recordRejection();
        } else {
            this.stats.recordFailure();
        }
    }

    /**
     * {@code source} reporting its end once: its value (null when empty), its failure, or the
     * subscriber's cancellation.
     */
    static Mono<Object> watch(
            Mono<Object> source, Consumer<Object> onValue, Consumer<Throwable> onFailure, Runnable onCancel) {
        return Mono.defer(() -> {
            AtomicBoolean ended = new AtomicBoolean();
            return source.doOnSuccess(value -> {
                        if (ended.compareAndSet(false, true)) {
                            onValue.accept(value);
                        }
                    })
                    .doOnError(failure -> {
                        if (ended.compareAndSet(false, true)) {
                            onFailure.accept(failure);
                        }
                    })
                    .doOnCancel(() -> {
                        if (ended.compareAndSet(false, true)) {
                            onCancel.run();
                        }
                    });
        });
    }

    private static CancellationException cancelled() {
        return new CancellationException("the subscriber cancelled the call");
    }

    // ---- outer steps --------------------------------------------------------------------------

    private static Mono<Object> cleanup(CleanupStep cleanup, Mono<Object> inner) {
        return watch(
                inner,
                value -> {
                    if (cleanup.runsOnSuccess()) {
                        cleanup.cleanUpAfter(null);
                    }
                },
                cleanup::cleanUpAfter,
                () -> cleanup.cleanUpAfter(cancelled()));
    }

    /**
     * The call's Micrometer observation: in the Context (where tracing's Reactor support and the
     * automatic context propagation find it), and current on the thread while the call is subscribed
     * (so the first attempt's invocation, and the thread context a retry captures, see it).
     */
    private static Mono<Object> observed(CallObservationStep step, Mono<Object> inner, Call call) {
        return Mono.defer(() -> {
            Observation observation = step.start();
            if (observation == null) {
                return inner;
            }
            Mono<Object> watched = watch(
                    inner,
                    value -> step.stop(observation, call.invocation, null),
                    failure -> step.stop(observation, call.invocation, Exceptions.unwrap(failure)),
                    () -> step.stop(observation, call.invocation, cancelled()));
            return new InScope(watched, observation)
                    .contextWrite(context -> context.put(ObservationThreadLocalAccessor.KEY, observation));
        });
    }

    /** Subscribes its source with an observation open on the subscribing thread. */
    private static final class InScope extends MonoOperator<Object, Object> {

        private final Observation observation;

        InScope(Mono<Object> source, Observation observation) {
            super(source);
            this.observation = observation;
        }

        @Override
        public void subscribe(CoreSubscriber<? super Object> actual) {
            try (Observation.Scope scope = this.observation.openScope()) {
                this.source.subscribe(actual);
            }
        }
    }

    private static Mono<Object> observed(ObservationStep step, Mono<Object> inner, Call call) {
        return Mono.defer(() -> {
            ObservationStep.Observed observed = step.observe(call.args);
            call.observed = observed;
            return watch(inner, observed::succeeded, observed::failed, () -> observed.failed(cancelled()));
        });
    }

    /** The fallback method and {@code suppress}: an answer converted as the method's own publisher is. */
    private Mono<Object> fallback(FallbackMethodStep step, Mono<Object> inner, Call call) {
        return Mono.defer(() -> {
            ContextPropagator.CapturedContext context =
                    step.context().runtime().contextPropagator().capture();
            return inner.onErrorResume(error -> {
                Throwable failure = Exceptions.unwrap(error);
                if (step.suppresses(failure)) {
                    step.fellBack(call.invocation, failure, null, call.args, FallbackMethodStep.SUPPRESS);
                    return Mono.empty();
                }
                Method fallbackMethod = step.methodFor(failure);
                if (fallbackMethod == null) {
                    return Mono.error(failure);
                }
                Mono<Object> answer;
                try (ContextPropagator.Scope scope = context.restore()) {
                    answer = publisherOf(step.invoke(fallbackMethod, call.invocation.target(), call.args, failure));
                } catch (Throwable ex) {
                    answer = Mono.error(ex);
                }
                return answer.map(Optional::of)
                        .defaultIfEmpty(Optional.empty())
                        .onErrorMap(fallbackFailure -> Suppression.addOnce(Exceptions.unwrap(fallbackFailure), failure))
                        .flatMap(value -> {
                            if (step.reraises()) {
                                return Mono.error(failure);
                            }
                            step.fellBack(
                                    call.invocation, failure, value.orElse(null), call.args, FallbackMethodStep.SOURCE);
                            return Mono.justOrEmpty(value);
                        });
            });
        });
    }

    /** The recovery: its value (a publisher converted as the method's own) answers the failure. */
    private Mono<Object> recovery(RecoveryStep step, Mono<Object> inner, Call call) {
        return inner.onErrorResume(error -> {
            Throwable failure = Exceptions.unwrap(error);
            Function<Throwable, ?> recovery =
                    Step.passesThrough(failure) ? null : step.config().recoveryFor(failure);
            if (recovery == null) {
                return Mono.error(failure);
            }
            Object value;
            try {
                value = recovery.apply(failure);
            } catch (Throwable recoveryFailure) {
                return Mono.error(Suppression.addOnce(recoveryFailure, failure));
            }
            return publisherOf(value)
                    .map(Optional::of)
                    .defaultIfEmpty(Optional.empty())
                    .onErrorMap(recoveryFailure -> Suppression.addOnce(Exceptions.unwrap(recoveryFailure), failure))
                    .flatMap(recovered -> {
                        step.recovered(failure, recovered.orElse(null), call.args);
                        return Mono.justOrEmpty(recovered);
                    });
        });
    }

    /**
     * The failure cache: a remembered key fails fast, a failure it remembers is stored, a success
     * forgets the key. A shared store is asked without blocking; its reply (a future, the one on this
     * path) is continued on the runtime's async executor.
     */
    private static Mono<Object> failureCached(
            FailureCacheStep step, StepContext ctx, RuntimeTimer timer, Mono<Object> inner, Call call) {
        return Mono.defer(() -> {
            Object key = step.keyOf(call.args);
            if (key == null) {
                return inner;
            }
            FailureStore store = step.store();
            Mono<Optional<FailureStore.Hit>> lookup = store == step.cache()
                    ? Mono.just(Optional.ofNullable(store.lookup(key)))
                    : Mono.fromCompletionStage(() -> store.lookupAsync(key))
                            .map(Optional::of)
                            .defaultIfEmpty(Optional.empty())
                            .flatMap(hit -> timer.onExecutor(
                                            ctx.runtime().contextPropagator().capture())
                                    .map(tick -> hit));
            return lookup.flatMap(hit -> hit.isPresent()
                    ? Mono.error(step.rejection(key, hit.get(), call.args))
                    : watch(
                            inner,
                            value -> step.record(key, null),
                            failure -> step.record(key, Exceptions.unwrap(failure)),
                            () -> {}));
        });
    }
}
