package dev.resilient.circuitbreaker;

import dev.resilient.ResilienceRuntime;
import dev.resilient.circuitbreaker.internal.BreakerState;
import dev.resilient.circuitbreaker.internal.SlidingWindow;
import dev.resilient.circuitbreaker.internal.WindowCounts;
import dev.resilient.event.EventType;
import dev.resilient.internal.Durations;
import dev.resilient.step.Exceptions;
import dev.resilient.step.StepContext;
import dev.resilient.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A thread-safe circuit breaker: CLOSED → OPEN → HALF_OPEN → CLOSED, plus FORCED_OPEN and DISABLED.
 *
 * <p><b>Use.</b> Ask for a permission before a call ({@link #tryAcquirePermission()} or
 * {@link #acquirePermission()}), then report exactly one of {@link #onSuccess(long)},
 * {@link #onError(long, Throwable)} or {@link #releasePermission()} (the permission was not used).
 * In a pipeline, {@link CircuitBreakerStep} does this for every attempt.
 *
 * <p><b>Behaviour.</b> While CLOSED, outcomes are recorded; the circuit opens on
 * {@code failureThreshold} consecutive failures or when a rate threshold is reached over the sliding
 * window. OPEN rejects calls; the first permission request after {@code recoveryTimeout} (measured
 * with the runtime clock; no timer runs) moves it to HALF_OPEN, which grants at most
 * {@code halfOpenRequests} trial permissions. Any failed trial re-opens the circuit,
 * {@code successThreshold} successful trials close it. {@link #forceOpen()}, {@link #disable()},
 * {@link #transitionToClosed()} and {@link #reset()} change the state by hand.
 *
 * <p><b>Concurrency.</b> The state is an immutable {@link BreakerState} period in an
 * {@link AtomicReference}; transitions are compare-and-set from the period observed, so two threads
 * can never both open, half-open or close the same period, and trial permissions are taken with a
 * CAS on the half-open period's own counter. Counters are {@link LongAdder}s. The count-based window
 * is lock-free; the time-based window uses a short monitor section (see its documentation). The
 * consecutive-failure streak is approximate under concurrency (a success racing with a failure may
 * reset it), which can only delay an opening by the racing calls.
 *
 * <p>The manual API cannot tell which period a permission was granted in: an outcome reported after
 * the state changed counts for the new state. {@link CircuitBreakerStep} ties each outcome to the
 * period that granted its permission, so late results never count as trial calls.
 */
public final class CircuitBreaker {

    private static final Logger log = LoggerFactory.getLogger(CircuitBreaker.class);
    /** The source of this pattern's events. */
    static final String SOURCE = "circuitBreaker";

    private final String name;
    private final CircuitBreakerConfig config;
    private final StepContext ctx;
    private final Clock clock;
    private final long recoveryNanos;
    private final long slowNanos;
    private final boolean slowTrialFails;
    private final int failureThreshold;
    private final AtomicReference<BreakerState> state; // never null: see current()
    private final CopyOnWriteArrayList<StateChangeListener> listeners = new CopyOnWriteArrayList<>();

    private final LongAdder successful = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder rejected = new LongAdder();
    private final LongAdder slow = new LongAdder();
    private final LongAdder ignored = new LongAdder();
    private final LongAdder transitions = new LongAdder();

    /**
     * A closed circuit breaker named {@code name} that reads time from {@code ctx}'s runtime and
     * publishes its STATE_CHANGE events through {@code ctx}.
     */
    public CircuitBreaker(String name, CircuitBreakerConfig config, StepContext ctx) {
        this.name = Objects.requireNonNull(name, "name");
        this.config = Objects.requireNonNull(config, "config");
        this.ctx = Objects.requireNonNull(ctx, "ctx");
        this.clock = ctx.runtime().clock();
        this.recoveryNanos = Durations.toNanosSaturated(config.recoveryTimeout());
        this.slowNanos = Durations.toNanosSaturated(config.slowCallDurationThreshold());
        this.slowTrialFails = config.slowCallRateThreshold() > 0;
        this.failureThreshold = config.failureThreshold();
        this.state = new AtomicReference<>(BreakerState.closed(newWindow()));
    }

    /** The current period: set in the constructor and only ever replaced by another one. */
    @SuppressWarnings("NullAway") // AtomicReference.get() may return null in general; this one never does
    private BreakerState current() {
        return state.get();
    }

    /** A circuit breaker used without a pipeline; its events reach {@code runtime.events()}. */
    public static CircuitBreaker of(String name, CircuitBreakerConfig config, ResilienceRuntime runtime) {
        return new CircuitBreaker(name, config, StepContext.of(name, runtime));
    }

    /** A circuit breaker with {@link CircuitBreakerConfig#ofDefaults()}. */
    public static CircuitBreaker ofDefaults(String name, ResilienceRuntime runtime) {
        return of(name, CircuitBreakerConfig.ofDefaults(), runtime);
    }

    public String name() {
        return name;
    }

    public CircuitBreakerConfig config() {
        return config;
    }

    /**
     * The current state. An OPEN circuit whose recovery timeout has passed reports OPEN until the next
     * permission request moves it to HALF_OPEN.
     */
    public CircuitState state() {
        return current().state();
    }

    /**
     * Nanoseconds until an OPEN circuit lets trial calls through (0 once due); {@link Long#MAX_VALUE}
     * when FORCED_OPEN; 0 in every other state.
     */
    public long remainingOpenNanos() {
        return remainingOpenNanos(current(), clock.nanoTime());
    }

    // ---------------------------------------------------------------------------------------------
    // permissions

    /** Asks for a permission to call; {@code false} (counted as rejected) when the circuit refuses. */
    public boolean tryAcquirePermission() {
        return acquire(false) != null;
    }

    /** Asks for a permission to call; throws {@link CircuitBreakerOpenException} when refused. */
    public void acquirePermission() {
        acquire(true);
    }

    /** Like {@link #acquirePermission()}, returning the period that granted it. */
    BreakerState acquireOrThrow() {
        return Objects.requireNonNull(acquire(true)); // a refusal throws rather than returning null
    }

    /** Like {@link #tryAcquirePermission()}, returning the granting period, or null when refused. */
    @Nullable
    BreakerState tryAcquire() {
        return acquire(false);
    }

    private @Nullable BreakerState acquire(boolean throwOnRejection) {
        while (true) {
            BreakerState current = current();
            switch (current.state()) {
                case CLOSED, DISABLED:
                    return current;
                case HALF_OPEN:
                    if (current.tryTakeTrial()) {
                        return current;
                    }
                    return reject(current, 0, throwOnRejection);
                case OPEN: {
                    long now = clock.nanoTime();
                    if (now - current.openUntilNanos() < 0) {
                        return reject(current, now, throwOnRejection);
                    }
                    transition(current, BreakerState.halfOpen(config.halfOpenRequests(), current.window()));
                    continue; // take a trial from whichever period is current now
                }
                default: // FORCED_OPEN
                    return reject(current, 0, throwOnRejection);
            }
        }
    }

    private @Nullable BreakerState reject(BreakerState current, long now, boolean throwOnRejection) {
        rejected.increment();
        if (throwOnRejection) {
            throw rejection(current, now);
        }
        return null;
    }

    private CircuitBreakerOpenException rejection(BreakerState current, long now) {
        CircuitState rejecting = current.state();
        Duration remaining = rejecting == CircuitState.FORCED_OPEN
                ? CircuitBreakerOpenException.INDEFINITE
                : Duration.ofNanos(remainingOpenNanos(current, now));
        return new CircuitBreakerOpenException(name, rejecting, remaining);
    }

    private static long remainingOpenNanos(BreakerState current, long now) {
        return switch (current.state()) {
            case OPEN -> Math.max(0, current.openUntilNanos() - now);
            case FORCED_OPEN -> Long.MAX_VALUE;
            default -> 0;
        };
    }

    // ---------------------------------------------------------------------------------------------
    // outcomes

    /** The permitted call succeeded after {@code durationNanos}. */
    public void onSuccess(long durationNanos) {
        onSuccess(current(), durationNanos);
    }

    /**
     * The permitted call failed with {@code failure} after {@code durationNanos}. The failure is
     * classified by the configuration: ignored (like {@link #releasePermission()}), recorded as a
     * failure, or, when not recorded, counted as a success.
     */
    public void onError(long durationNanos, Throwable failure) {
        Objects.requireNonNull(failure, "failure");
        onError(current(), durationNanos, failure);
    }

    /** The permission was not used (e.g. the call was rejected further in): nothing is recorded. */
    public void releasePermission() {
        release(current());
    }

    void onSuccess(BreakerState period, long durationNanos) {
        successful.increment();
        boolean isSlow = durationNanos >= slowNanos;
        if (isSlow) {
            slow.increment();
        }
        switch (period.state()) {
            case CLOSED:
                period.recordSuccess();
                if (period.window().record(false, isSlow)) {
                    open(period);
                }
                break;
            case HALF_OPEN:
                if (isSlow && slowTrialFails) {
                    open(period);
                } else if (period.recordTrialSuccess() >= config.successThreshold()) {
                    transition(period, BreakerState.closed(newWindow()));
                }
                break;
            default:
                break;
        }
    }

    void onError(BreakerState period, long durationNanos, Throwable failure) {
        Throwable cause = Exceptions.unwrap(failure);
        if (isIgnored(cause)) {
            ignored.increment();
            release(period);
            return;
        }
        if (!isRecorded(cause)) {
            onSuccess(period, durationNanos);
            return;
        }
        failed.increment();
        boolean isSlow = durationNanos >= slowNanos;
        if (isSlow) {
            slow.increment();
        }
        switch (period.state()) {
            case CLOSED: {
                int streak = period.recordFailure();
                boolean rateExceeded = period.window().record(true, isSlow);
                if (rateExceeded || (failureThreshold > 0 && streak >= failureThreshold)) {
                    open(period);
                }
                break;
            }
            case HALF_OPEN:
                open(period);
                break;
            default:
                break;
        }
    }

    void release(BreakerState period) {
        if (period.state() == CircuitState.HALF_OPEN) {
            period.returnTrial(config.halfOpenRequests());
        }
    }

    private boolean isIgnored(Throwable failure) {
        return !config.ignoreOn().isEmpty() && Exceptions.isInstanceOfAny(failure, config.ignoreOn());
    }

    private boolean isRecorded(Throwable failure) {
        if (!Exceptions.isInstanceOfAny(failure, config.recordOn())) {
            return false;
        }
        Predicate<Throwable> recordIf = config.recordIf();
        if (recordIf == null) {
            return true;
        }
        try {
            return recordIf.test(failure);
        } catch (RuntimeException | LinkageError e) {
            log.warn("recordIf of circuit breaker '{}' failed on {}; the failure is recorded", name, failure, e);
            return true;
        }
    }

    // ---------------------------------------------------------------------------------------------
    // transitions

    /** Opens the circuit by hand until {@link #transitionToClosed()}, {@link #reset()} or {@link #disable()}. */
    public void forceOpen() {
        moveTo(CircuitState.FORCED_OPEN);
    }

    /** Closes the circuit by hand with a fresh window; does nothing when already closed. */
    public void transitionToClosed() {
        moveTo(CircuitState.CLOSED);
    }

    /** Same as {@link #transitionToClosed()}. */
    public void close() {
        transitionToClosed();
    }

    /** Opens the circuit as if it had tripped: trial calls are let through after the recovery timeout. */
    public void transitionToOpen() {
        moveTo(CircuitState.OPEN);
    }

    /** Switches the breaker off: every call is permitted and nothing opens it until changed by hand. */
    public void disable() {
        moveTo(CircuitState.DISABLED);
    }

    /**
     * Back to a fresh CLOSED circuit: a new window and all counters at zero. A state change this causes
     * is reported to listeners and counted.
     */
    public void reset() {
        successful.reset();
        failed.reset();
        rejected.reset();
        slow.reset();
        ignored.reset();
        transitions.reset();
        while (true) {
            BreakerState current = current();
            if (transition(current, BreakerState.closed(newWindow()))) {
                return;
            }
        }
    }

    private void moveTo(CircuitState target) {
        while (true) {
            BreakerState current = current();
            if (current.state() == target) {
                return;
            }
            BreakerState next =
                    switch (target) {
                        case CLOSED -> BreakerState.closed(newWindow());
                        case OPEN -> BreakerState.open(clock.nanoTime() + recoveryNanos, current.window());
                        case HALF_OPEN -> BreakerState.halfOpen(config.halfOpenRequests(), current.window());
                        default -> BreakerState.manual(target, current.window());
                    };
            if (transition(current, next)) {
                return;
            }
        }
    }

    private void open(BreakerState from) {
        transition(from, BreakerState.open(clock.nanoTime() + recoveryNanos, from.window()));
    }

    /** Moves from exactly {@code from} to {@code to}; false when another thread moved first. */
    private boolean transition(BreakerState from, BreakerState to) {
        if (!state.compareAndSet(from, to)) {
            return false;
        }
        if (from.state() != to.state()) {
            transitions.increment();
            stateChanged(from.state(), to.state());
        }
        return true;
    }

    private void stateChanged(CircuitState from, CircuitState to) {
        log.debug("Circuit breaker '{}' changed from {} to {}", name, from, to);
        for (StateChangeListener listener : listeners) {
            try {
                listener.onStateChange(this, from, to);
            } catch (RuntimeException | LinkageError e) {
                log.warn(
                        "State change listener {} of circuit breaker '{}' failed on {}->{}",
                        listener,
                        name,
                        from,
                        to,
                        e);
            }
        }
        if (ctx.eventsEnabled(EventType.STATE_CHANGE)) {
            ctx.publish(ctx.event(EventType.STATE_CHANGE, SOURCE).detail(from + "->" + to));
        }
    }

    // ---------------------------------------------------------------------------------------------
    // listeners and statistics

    /** Adds a listener told about every state change. */
    public CircuitBreaker onStateChange(StateChangeListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
        return this;
    }

    /** Removes a listener added with {@link #onStateChange(StateChangeListener)}. */
    public void removeStateChangeListener(StateChangeListener listener) {
        listeners.remove(listener);
    }

    /** A snapshot of the counters. */
    public CircuitBreakerStats stats() {
        BreakerState current = current();
        WindowCounts window = current.window().counts();
        long ok = successful.sum();
        long bad = failed.sum();
        return new CircuitBreakerStats(
                current.state(),
                ok + bad,
                ok,
                bad,
                rejected.sum(),
                slow.sum(),
                ignored.sum(),
                transitions.sum(),
                window.failureRate(),
                window.slowCallRate(),
                window.calls(),
                current.consecutiveFailures());
    }

    @Override
    public String toString() {
        return "CircuitBreaker[" + name + ", " + state() + "]";
    }

    private SlidingWindow newWindow() {
        return SlidingWindow.create(config, clock);
    }
}
