package dev.resilient.observation;

import dev.resilient.CallNotPermittedException;
import dev.resilient.event.EventType;
import dev.resilient.observation.internal.MdcContext;
import dev.resilient.observation.logging.LoggingConfig;
import dev.resilient.observation.logging.LoggingListener;
import dev.resilient.step.Exceptions;
import dev.resilient.step.Step;
import dev.resilient.step.StepContext;
import dev.resilient.step.WrappedCall;
import dev.resilient.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The outer step that observes whole calls (all attempts, waits and fallbacks inside it): measures
 * each call with the runtime's monotonic clock, emits SUCCESS (result, arguments, elapsed) or
 * FAILURE (failure, arguments, elapsed) events, emits SLOW_CALL and logs a warning when a call takes
 * longer than the slow threshold, hands a {@link CallTiming} to the performance callback, and puts
 * the static context and the context provider's entries into the SLF4J MDC for the duration of the
 * call, removing exactly what it added afterwards (replaced values are restored).
 *
 * <p>A rejected call ({@link CallNotPermittedException}) emits no FAILURE event: the step that
 * rejected it emits REJECTED. Failures that pass through ({@code ignoreWhen}) are not observed.
 *
 * <p>Async calls: the context provider is called once, on the calling thread; its entries and the
 * static ones are set around every invocation of the call's supplier and around the completion
 * handling (events, logs, callback) on whatever thread completes the call. Continuations the caller
 * attaches to the returned stage run without them.
 *
 * <p>The call is timed only when someone is told how long it took: a listener accepting SUCCESS or
 * FAILURE, a slow threshold or a performance callback. Without listeners accepting SUCCESS (or
 * ATTEMPT), callback and MDC context the synchronous success path allocates nothing.
 */
public final class ObservationStep extends Step {

    /** The {@code source} of the events this step emits. */
    public static final String SOURCE = "observation";

    private static final Logger log = LoggerFactory.getLogger(ObservationStep.class);
    private static final Logger callLog = LoggerFactory.getLogger(LoggingConfig.DEFAULT_LOGGER);

    private final ObservationConfig config;
    private final StepContext ctx;
    private final Clock clock;
    private final long slowNanos;
    private final Consumer<CallTiming> callback;
    private final MdcContext mdc;

    public ObservationStep(ObservationConfig config, StepContext ctx, Step next) {
        super(Objects.requireNonNull(next, "next"));
        this.config = Objects.requireNonNull(config, "config");
        this.ctx = Objects.requireNonNull(ctx, "ctx");
        this.clock = ctx.runtime().clock();
        this.slowNanos =
                config.slowThreshold() == null ? 0 : config.slowThreshold().toNanos();
        this.callback = config.performanceCallback();
        MdcContext mdcContext = new MdcContext(
                config.staticContext(), config.contextProvider(), config.sanitizer(), config.redaction());
        this.mdc = mdcContext.isEmpty() ? null : mdcContext;
    }

    public ObservationConfig config() {
        return config;
    }

    /**
     * Whether a call must be timed: someone is told its elapsed time (SUCCESS / FAILURE events, the
     * performance callback) or it may be slow. SLOW_CALL is emitted only with a threshold.
     */
    private boolean timed() {
        return slowNanos > 0
                || callback != null
                || ctx.eventsEnabled(EventType.SUCCESS)
                || ctx.eventsEnabled(EventType.FAILURE);
    }

    @Override
    public <T> T execute(Callable<T> call, Object[] args) throws Exception {
        MdcContext.Scope scope = mdc == null ? null : mdc.apply();
        boolean attempts = ctx.eventsEnabled(EventType.ATTEMPT);
        String attemptBefore = attempts ? MDC.get(LoggingListener.MDC_ATTEMPT) : null;
        boolean timed = timed();
        long start = timed ? clock.nanoTime() : 0;
        try {
            T result = next.execute(call, args);
            if (timed && (slowNanos > 0 || callback != null || ctx.eventsEnabled(EventType.SUCCESS))) {
                succeeded(result, args, clock.nanoTime() - start);
            }
            return result;
        } catch (Throwable failure) {
            if (timed && !Step.passesThrough(failure)) {
                failed(failure, args, clock.nanoTime() - start);
            }
            throw failure;
        } finally {
            if (attempts) {
                restore(LoggingListener.MDC_ATTEMPT, attemptBefore);
            }
            if (scope != null) {
                scope.close();
            }
        }
    }

    @Override
    public <T> CompletionStage<T> executeAsync(Supplier<? extends CompletionStage<T>> call, Object[] args) {
        Observed observed = observe(args);
        Supplier<? extends CompletionStage<T>> invoked =
                observed.entries != null || observed.attempts ? new MdcScopedCall<>(call, observed) : call;
        CompletionStage<T> stage = nextAsync(invoked, args);
        if (!observed.timed) {
            return stage;
        }
        return stage.whenComplete((value, failure) -> {
            if (failure == null) {
                observed.succeeded(value);
            } else {
                observed.failed(Exceptions.unwrap(failure));
            }
        });
    }

    /**
     * Starts observing one call that an integration runs itself (e.g. as Reactor operators) rather
     * than through this step's chain, as the asynchronous path does: the context provider is asked
     * now, on the calling thread, and the clock read when the call is timed. Open
     * {@link Observed#attemptScope()} around each invocation of the call, and report its end once.
     */
    public Observed observe(Object[] args) {
        Map<String, String> entries = mdc == null ? null : mdc.resolve();
        boolean timed = timed();
        return new Observed(args, entries, ctx.eventsEnabled(EventType.ATTEMPT), timed, timed ? clock.nanoTime() : 0);
    }

    /** One observed call: see {@link #observe(Object[])}. */
    public final class Observed {

        private final Object[] args;
        private final Map<String, String> entries;
        private final boolean attempts;
        private final boolean timed;
        private final long start;

        private Observed(Object[] args, Map<String, String> entries, boolean attempts, boolean timed, long start) {
            this.args = args;
            this.entries = entries;
            this.attempts = attempts;
            this.timed = timed;
            this.start = start;
        }

        /**
         * Sets the call's MDC entries on this thread until the scope closes, which removes them (and
         * the attempt number a retry's {@code ATTEMPT} event put there).
         */
        public AttemptScope attemptScope() {
            MdcContext.Scope scope = entries == null ? null : MdcContext.applyEntries(entries);
            return () -> {
                if (attempts) {
                    // the retry step's ATTEMPT event put the attempt number here on this thread
                    MDC.remove(LoggingListener.MDC_ATTEMPT);
                }
                if (scope != null) {
                    scope.close();
                }
            };
        }

        /** The call returned {@code result}: SUCCESS, SLOW_CALL, the performance callback. */
        public void succeeded(Object result) {
            if (timed) {
                ended(result, null);
            }
        }

        /** The call failed with {@code failure} (unwrapped): FAILURE, SLOW_CALL, the performance callback. */
        public void failed(Throwable failure) {
            if (timed && !Step.passesThrough(failure)) {
                ended(null, failure);
            }
        }

        private void ended(Object result, Throwable failure) {
            long elapsed = clock.nanoTime() - start;
            MdcContext.Scope scope = entries == null ? null : MdcContext.applyEntries(entries);
            try {
                if (failure == null) {
                    ObservationStep.this.succeeded(result, args, elapsed);
                } else {
                    ObservationStep.this.failed(failure, args, elapsed);
                }
            } catch (RuntimeException | LinkageError e) {
                log.warn("Observing the end of an async call of {} failed", ctx.instance(), e);
            } finally {
                if (scope != null) {
                    scope.close();
                }
            }
        }
    }

    /** The MDC entries of one attempt, set until closed. */
    @FunctionalInterface
    public interface AttemptScope extends AutoCloseable {
        @Override
        void close();
    }

    /** An async call run with the MDC entries set around each invocation of its supplier. */
    private record MdcScopedCall<T>(Supplier<? extends CompletionStage<T>> call, Observed observed)
            implements Supplier<CompletionStage<T>>, WrappedCall {

        @Override
        public CompletionStage<T> get() {
            try (AttemptScope scope = observed.attemptScope()) {
                return call.get();
            }
        }

        @Override
        public Object original() {
            return call;
        }
    }

    private void succeeded(Object result, Object[] args, long elapsedNanos) {
        boolean slow = slowNanos > 0 && elapsedNanos > slowNanos;
        if (ctx.eventsEnabled(EventType.SUCCESS)) {
            ctx.publish(ctx.event(EventType.SUCCESS, SOURCE)
                    .result(result)
                    .arguments(args)
                    .elapsedNanos(elapsedNanos));
        }
        if (slow) {
            slowCall(args, elapsedNanos);
        }
        if (callback != null) {
            notify(new CallTiming(
                    ctx.instance(), Duration.ofNanos(elapsedNanos), CallTiming.Outcome.SUCCESS, null, slow));
        }
    }

    private void failed(Throwable failure, Object[] args, long elapsedNanos) {
        boolean slow = slowNanos > 0 && elapsedNanos > slowNanos;
        boolean rejected = failure instanceof CallNotPermittedException;
        if (!rejected && ctx.eventsEnabled(EventType.FAILURE)) {
            ctx.publish(ctx.event(EventType.FAILURE, SOURCE)
                    .failure(failure)
                    .arguments(args)
                    .elapsedNanos(elapsedNanos));
        }
        if (slow) {
            slowCall(args, elapsedNanos);
        }
        if (callback != null) {
            notify(new CallTiming(
                    ctx.instance(),
                    Duration.ofNanos(elapsedNanos),
                    rejected ? CallTiming.Outcome.REJECTED : CallTiming.Outcome.FAILURE,
                    failure,
                    slow));
        }
    }

    private void slowCall(Object[] args, long elapsedNanos) {
        long elapsedMs = elapsedNanos / 1_000_000L;
        long thresholdMs = slowNanos / 1_000_000L;
        if (callLog.isWarnEnabled()) {
            callLog.atWarn()
                    .addKeyValue(LoggingListener.KEY_INSTANCE, ctx.instance())
                    .addKeyValue(LoggingListener.KEY_EVENT, EventType.SLOW_CALL.name())
                    .addKeyValue(LoggingListener.KEY_ELAPSED_MS, elapsedMs)
                    .addKeyValue("resilient.slowThresholdMs", thresholdMs)
                    .log("{} was slow: {} ms (threshold {} ms)", ctx.instance(), elapsedMs, thresholdMs);
        }
        if (ctx.eventsEnabled(EventType.SLOW_CALL)) {
            ctx.publish(ctx.event(EventType.SLOW_CALL, SOURCE)
                    .arguments(args)
                    .elapsedNanos(elapsedNanos)
                    .detail("threshold=" + config.slowThreshold()));
        }
    }

    private void notify(CallTiming timing) {
        try {
            callback.accept(timing);
        } catch (RuntimeException | LinkageError e) {
            log.warn("Performance callback of {} failed; the call is not affected", ctx.instance(), e);
        }
    }

    private static void restore(String key, String previous) {
        if (previous == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, previous);
        }
    }
}
