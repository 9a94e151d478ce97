package dev.resilient;

import dev.resilient.event.EventPublisher;
import dev.resilient.internal.ClosableScheduler;
import dev.resilient.internal.DefaultExecutors;
import dev.resilient.time.Clock;
import dev.resilient.time.ManualTime;
import dev.resilient.time.Scheduler;
import dev.resilient.time.Sleeper;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;

/**
 * What every pipeline runs on: the clock, the scheduler for async waits, the sleeper for sync waits,
 * the executor for timed synchronous calls, the executor that continues async attempts, the random
 * source for jitter and the global event publisher. Shared by all pipelines of a registry.
 * Closing it stops the executors it created itself (not those the user passed in); async calls still
 * waiting on its scheduler are settled, never left hanging (see {@link Scheduler.ShutdownAware}).
 */
public final class ResilienceRuntime implements AutoCloseable {

    private final Clock clock;
    private final Scheduler scheduler;
    private final Sleeper sleeper;
    private final ExecutorService callExecutor;
    private final Executor asyncExecutor;
    private final Supplier<RandomGenerator> random;
    private final EventPublisher events;
    private final ContextPropagator contextPropagator;
    private final SaturationPolicy saturationPolicy;
    private final List<AutoCloseable> owned;

    private ResilienceRuntime(
            Clock clock,
            Scheduler scheduler,
            Sleeper sleeper,
            ExecutorService callExecutor,
            Executor asyncExecutor,
            Supplier<RandomGenerator> random,
            EventPublisher events,
            ContextPropagator contextPropagator,
            SaturationPolicy saturationPolicy,
            List<AutoCloseable> owned) {
        this.clock = clock;
        this.scheduler = scheduler;
        this.sleeper = sleeper;
        this.callExecutor = callExecutor;
        this.asyncExecutor = asyncExecutor;
        this.random = random;
        this.events = events;
        this.contextPropagator = contextPropagator;
        this.saturationPolicy = saturationPolicy;
        this.owned = owned;
    }

    /** A runtime on the system clock with its own daemon scheduler and call executor. */
    public static ResilienceRuntime defaults() {
        return builder().build();
    }

    /** A runtime whose clock, scheduler and sleeper are {@code time}: for tests. */
    public static ResilienceRuntime manual(ManualTime time) {
        return builder()
                .clock(time)
                .scheduler(time)
                .sleeper(time)
                .asyncExecutor(Runnable::run)
                .build();
    }

    /**
     * A runtime shared by pipelines built without one: created on first use, with daemon threads,
     * never closed.
     */
    public static ResilienceRuntime shared() {
        return SharedRuntime.INSTANCE;
    }

    private static final class SharedRuntime {
        private static final ResilienceRuntime INSTANCE = defaults();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Clock clock() {
        return clock;
    }

    public Scheduler scheduler() {
        return scheduler;
    }

    public Sleeper sleeper() {
        return sleeper;
    }

    /** Runs synchronous calls that have a timeout, so the caller can stop waiting. */
    public ExecutorService callExecutor() {
        return callExecutor;
    }

    /** Continues async work after a scheduled wait, so the scheduler thread is never held by a call. */
    public Executor asyncExecutor() {
        return asyncExecutor;
    }

    /** The random source for jitter, for the calling thread. */
    public RandomGenerator random() {
        return random.get();
    }

    /** The publisher every pipeline's events reach, after the pipeline's own listeners. */
    public EventPublisher events() {
        return events;
    }

    /**
     * Carries the caller's thread context to the threads a call continues on (a synchronous attempt
     * under a timeout, an async attempt after a wait, an async fallback); {@link ContextPropagator#none()}
     * unless set.
     */
    public ContextPropagator contextPropagator() {
        return contextPropagator;
    }

    /** What a synchronous attempt under a timeout does when the call executor is saturated. */
    public SaturationPolicy saturationPolicy() {
        return saturationPolicy;
    }

    /** Stops the executors this runtime created; waits briefly for running tasks. */
    @Override
    public void close() {
        for (AutoCloseable closeable : owned) {
            try {
                closeable.close();
            } catch (Exception e) {
                // closing is best effort; a failing executor shutdown must not stop the others
            }
        }
    }

    /** Builds a {@link ResilienceRuntime}; anything not set gets a default created and owned by it. */
    public static final class Builder {
        private @Nullable Clock clock;
        private @Nullable Scheduler scheduler;
        private @Nullable Sleeper sleeper;
        private @Nullable ExecutorService callExecutor;
        private @Nullable Executor asyncExecutor;
        private @Nullable Supplier<RandomGenerator> random;
        private @Nullable EventPublisher events;
        private ContextPropagator contextPropagator = ContextPropagator.none();
        private SaturationPolicy saturationPolicy = SaturationPolicy.REJECT;

        private Builder() {}

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public Builder scheduler(Scheduler scheduler) {
            this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
            return this;
        }

        public Builder sleeper(Sleeper sleeper) {
            this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
            return this;
        }

        public Builder callExecutor(ExecutorService callExecutor) {
            this.callExecutor = Objects.requireNonNull(callExecutor, "callExecutor");
            return this;
        }

        public Builder asyncExecutor(Executor asyncExecutor) {
            this.asyncExecutor = Objects.requireNonNull(asyncExecutor, "asyncExecutor");
            return this;
        }

        /** A fixed random source, e.g. a seeded one for reproducible jitter. Must be thread-safe. */
        public Builder random(RandomGenerator random) {
            Objects.requireNonNull(random, "random");
            this.random = () -> random;
            return this;
        }

        public Builder events(EventPublisher events) {
            this.events = Objects.requireNonNull(events, "events");
            return this;
        }

        /** How the caller's thread context reaches attempts on other threads; default none. */
        public Builder contextPropagator(ContextPropagator contextPropagator) {
            this.contextPropagator = Objects.requireNonNull(contextPropagator, "contextPropagator");
            return this;
        }

        /** What a timed synchronous attempt does when the call executor is saturated; default REJECT. */
        public Builder saturationPolicy(SaturationPolicy saturationPolicy) {
            this.saturationPolicy = Objects.requireNonNull(saturationPolicy, "saturationPolicy");
            return this;
        }

        public ResilienceRuntime build() {
            List<AutoCloseable> owned = new ArrayList<>();
            Scheduler scheduler = this.scheduler;
            if (scheduler == null) {
                ClosableScheduler own = new ClosableScheduler(DefaultExecutors.scheduler());
                owned.add(own);
                scheduler = own;
            }
            ExecutorService callExecutor = this.callExecutor;
            if (callExecutor == null) {
                ExecutorService executor = DefaultExecutors.callExecutor();
                owned.add(() -> shutdown(executor));
                callExecutor = executor;
            }
            return new ResilienceRuntime(
                    clock != null ? clock : Clock.system(),
                    scheduler,
                    sleeper != null ? sleeper : Sleeper.thread(),
                    callExecutor,
                    asyncExecutor != null ? asyncExecutor : ForkJoinPool.commonPool(),
                    random != null ? random : ThreadLocalRandom::current,
                    events != null ? events : new EventPublisher(),
                    contextPropagator,
                    saturationPolicy,
                    List.copyOf(owned));
        }

        private static void shutdown(ExecutorService executor) throws InterruptedException {
            executor.shutdown();
            if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        }
    }
}
