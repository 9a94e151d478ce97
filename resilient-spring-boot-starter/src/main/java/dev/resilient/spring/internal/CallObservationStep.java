package dev.resilient.spring.internal;

import dev.resilient.CallNotPermittedException;
import dev.resilient.retry.RetryExhaustedException;
import dev.resilient.step.Exceptions;
import dev.resilient.step.Step;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The outer step that makes one Micrometer {@link Observation} of each call, named
 * {@value CallObservations#NAME} (so that the application's meter handler turns it into the timer
 * of that name, and its tracing handler into a span), with the low-cardinality key values
 * {@code name} (the metric name), {@code outcome} ({@link Outcome}), {@code exception} (the simple
 * class name of the call's last failure, bounded; {@code none} on success) and the instance's
 * {@code metrics.tags}. The observation is current while the call runs, so spans of what the method
 * calls nest under it. An instance with {@code metrics.enabled: false} is not observed.
 */
final class CallObservationStep extends Step {

    private final CallObservations observations;
    private final String instance;
    private final String contextualName;

    CallObservationStep(CallObservations observations, String instance, String contextualName, Step next) {
        super(next);
        this.observations = observations;
        this.instance = instance;
        this.contextualName = contextualName;
    }

    /** How a call ended, as the meters, logs, events and the endpoint count it. */
    enum Outcome {
        /** The method returned (by itself, possibly after retries). */
        SUCCESS,
        /** A fallback answered (the fallback method, {@code suppress}, a recovery). */
        FALLBACK,
        /** The call failed with the method's failure (or a timeout). */
        FAILURE,
        /** The library refused the call ({@link CallNotPermittedException}: circuit open, rate limited, …). */
        REJECTED,
        /** The failure matched {@code ignore-when}: rethrown, not counted as a failure. */
        IGNORED;

        /** The outcome of a call that returned ({@code failure} null) or failed. */
        static Outcome of(Object call, @Nullable Throwable failure) {
            if (failure == null) {
                return Step.originalCall(call) instanceof Invocation invocation && invocation.fellBack()
                        ? FALLBACK
                        : SUCCESS;
            }
            if (Step.passesThrough(failure)) {
                return IGNORED;
            }
            return failure instanceof CallNotPermittedException ? REJECTED : FAILURE;
        }

        /** The tag value. */
        String tag() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    @Override
    public <T> T execute(Callable<T> call, Object @Nullable [] args) throws Exception {
        Observation observation = start();
        if (observation == null) {
            return this.next.execute(call, args);
        }
        T result;
        try (Observation.Scope scope = observation.openScope()) {
            result = this.next.execute(call, args);
        } catch (Throwable failure) {
            stop(observation, call, failure);
            throw failure;
        }
        stop(observation, call, null);
        return result;
    }

    @Override
    public <T> CompletionStage<T> executeAsync(Supplier<? extends CompletionStage<T>> call, Object @Nullable [] args) {
        Observation observation = start();
        if (observation == null) {
            return nextAsync(call, args);
        }
        CompletionStage<T> stage;
        try (Observation.Scope scope = observation.openScope()) {
            stage = nextAsync(call, args);
        }
        CompletableFuture<T> result = cancellingInner(stage);
        stage.whenComplete((value, failure) -> {
            Throwable cause = failure == null ? null : Exceptions.unwrap(failure);
            stop(observation, call, cause);
            if (cause == null) {
                result.complete(value);
            } else {
                result.completeExceptionally(cause);
            }
        });
        return result;
    }

    /** A started observation of one call, or null when the instance is not observed. */
    @Nullable
    Observation start() {
        CallObservations.InstanceKeys keys = this.observations.keys(this.instance);
        if (!keys.enabled) {
            return null;
        }
        ObservationRegistry registry = this.observations.registry();
        if (registry.isNoop()) {
            return null;
        }
        Observation observation = Observation.createNotStarted(
                        CallObservations.NAME, CallObservations.CallContext::new, registry)
                .contextualName(this.contextualName)
                .lowCardinalityKeyValue("name", keys.name);
        for (Map.Entry<String, String> tag : keys.tags.entrySet()) {
            observation.lowCardinalityKeyValue(tag.getKey(), tag.getValue());
        }
        return observation.start();
    }

    /** Stops {@code observation} of {@code call}, which returned ({@code failure} null) or failed. */
    void stop(Observation observation, Object call, @Nullable Throwable failure) {
        try {
            CallObservations.InstanceKeys keys = this.observations.keys(this.instance);
            Outcome outcome = Outcome.of(call, failure);
            Throwable subject = failure != null
                    ? unwrapIgnored(failure)
                    : Step.originalCall(call) instanceof Invocation invocation ? invocation.answeredFailure() : null;
            Throwable classified = subject == null ? null : RetryExhaustedException.lastFailureOf(subject);
            observation.lowCardinalityKeyValue("outcome", outcome.tag());
            observation.lowCardinalityKeyValue("exception", keys.exceptionTag(classified));
            if (failure != null && outcome != Outcome.IGNORED && classified != null) {
                observation.error(classified);
            }
        } finally {
            observation.stop();
        }
    }

    private static Throwable unwrapIgnored(Throwable failure) {
        return Step.passesThrough(failure) && failure.getCause() != null ? failure.getCause() : failure;
    }

    @Override
    public String toString() {
        return "CallObservationStep{" + this.instance + "}";
    }
}
