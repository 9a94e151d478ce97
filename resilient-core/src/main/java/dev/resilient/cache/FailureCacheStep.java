package dev.resilient.cache;

import dev.resilient.event.EventType;
import dev.resilient.internal.BurstLog;
import dev.resilient.step.Step;
import dev.resilient.step.StepContext;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Skips calls whose key failed within the TTL: such a call fails fast with a
 * {@link FailureCachedException} (a rejection, so an outer fallback answers it) and emits
 * {@code FAILURE_CACHE_HIT}, without reaching the inner steps. A failure the config remembers is
 * stored for its key; a success forgets the key. A key function that throws is logged (once per burst)
 * and the call runs uncached.
 *
 * <p>Failures are kept in a {@link FailureStore}: the in-memory {@link FailureCache}, or a shared
 * store named by {@link FailureCacheConfig#store()}.
 */
public final class FailureCacheStep extends Step {

    private static final Logger log = LoggerFactory.getLogger(FailureCacheStep.class);
    private static final String SOURCE = "failureCache";

    private final FailureCache cache;
    private final FailureStore store;
    private final FailureCacheConfig config;
    private final StepContext ctx;
    private final BurstLog keyFailures = new BurstLog();

    public FailureCacheStep(FailureCache cache, StepContext ctx, Step next) {
        this(cache, cache, ctx, next);
    }

    /**
     * A step that keeps failures in {@code store}; {@code cache} is this JVM's in-memory cache (the
     * store itself when failures are not shared) and supplies the configuration.
     */
    public FailureCacheStep(FailureCache cache, FailureStore store, StepContext ctx, Step next) {
        super(Objects.requireNonNull(next, "next"));
        this.cache = Objects.requireNonNull(cache, "cache");
        this.store = Objects.requireNonNull(store, "store");
        this.config = cache.config();
        this.ctx = Objects.requireNonNull(ctx, "ctx");
    }

    public FailureCache cache() {
        return cache;
    }

    /** Where failures are kept: {@link #cache()} or a shared store. */
    public FailureStore store() {
        return store;
    }

    @Override
    public <T> T execute(Callable<T> call, Object @Nullable [] args) throws Exception {
        Object key = keyOf(args);
        if (key == null) {
            return next.execute(call, args);
        }
        FailureStore.Hit hit = store.lookup(key);
        if (hit != null) {
            throw rejection(key, hit, args);
        }
        T result;
        try {
            result = next.execute(call, args);
        } catch (Throwable failure) {
            record(key, failure);
            throw failure;
        }
        record(key, null);
        return result;
    }

    @Override
    public <T> CompletionStage<T> executeAsync(Supplier<? extends CompletionStage<T>> call, Object @Nullable [] args) {
        Object key = keyOf(args);
        if (key == null) {
            return next.executeAsync(call, args);
        }
        if (store != cache) {
            // a shared store answers on its I/O thread: continue on the runtime's async executor
            return store.lookupAsync(key)
                    .thenComposeAsync(
                            hit -> afterLookup(key, hit, call, args),
                            ctx.runtime().asyncExecutor());
        }
        return afterLookup(key, store.lookup(key), call, args);
    }

    private <T> CompletionStage<T> afterLookup(
            Object key,
            FailureStore.@Nullable Hit hit,
            Supplier<? extends CompletionStage<T>> call,
            Object @Nullable [] args) {
        if (hit != null) {
            return CompletableFuture.failedFuture(rejection(key, hit, args));
        }
        return nextAsync(call, args, (value, failure, result) -> {
            record(key, failure);
            complete(result, value, failure);
        });
    }

    /**
     * The one decision after a call, shared by the sync and async paths and by an integration that
     * runs the call itself (a Reactor operator): a success ({@code failure} null) forgets the key, a
     * failure the config remembers (and that does not pass through) is stored for it.
     *
     * @param failure what the call threw, unwrapped, or null when it succeeded
     */
    public void record(Object key, @Nullable Throwable failure) {
        if (failure == null) {
            store.invalidate(key);
        } else if (!Step.passesThrough(failure) && config.remembers(failure)) {
            store.remember(key, failure);
        }
    }

    /**
     * The call's key, or {@code null} when the key function failed (the call then runs uncached);
     * also for an integration that runs the call itself.
     */
    public @Nullable Object keyOf(Object @Nullable [] args) {
        try {
            Object key = cache.keyFor(args);
            keyFailures.succeeded();
            return key;
        } catch (RuntimeException e) {
            if (keyFailures.failed()) {
                log.warn(
                        "{}: the failure-cache key function failed; calls run uncached until it works again",
                        ctx.instance(),
                        e);
            }
            return null;
        }
    }

    /**
     * The rejection of a call whose key {@code hit} found, its {@code FAILURE_CACHE_HIT} event
     * published; also for an integration that runs the call itself.
     */
    public FailureCachedException rejection(Object key, FailureStore.Hit hit, Object @Nullable [] args) {
        Duration remaining = hit.remaining();
        Throwable failure = hit.failure();
        FailureCachedException exception =
                new FailureCachedException(ctx.instance(), FailureCache.describe(key), remaining, failure);
        if (ctx.eventsEnabled(EventType.FAILURE_CACHE_HIT)) {
            ctx.publish(ctx.event(EventType.FAILURE_CACHE_HIT, SOURCE)
                    .failure(failure)
                    .delay(remaining)
                    .arguments(args)
                    .detail("key=" + exception.key()));
        }
        return exception;
    }

    @Override
    public String toString() {
        return "FailureCacheStep" + config;
    }
}
