package dev.resilient.cache;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/**
 * Where a {@link FailureCacheStep} remembers failed keys. {@link FailureCache} keeps them in this
 * JVM's memory (the default); a shared store (e.g. {@code resilient-redis}) keeps them where every
 * JVM using the same instance name sees them. Keys are already normalized by the caller (never
 * {@code null}). Implementations are thread-safe and decide themselves what to do while their store
 * fails (see {@link dev.resilient.backend.BackendFailureMode}); {@link #lookup} may throw a
 * {@link dev.resilient.CallNotPermittedException}.
 */
public interface FailureStore {

    /** The failure remembered for {@code key} and still within its TTL, or {@code null}. */
    @Nullable
    Hit lookup(Object key);

    /**
     * Like {@link #lookup}, for asynchronous calls: never blocks the calling thread on the store.
     * The default runs {@link #lookup} on the calling thread.
     */
    default CompletionStage<Hit> lookupAsync(Object key) {
        try {
            return CompletableFuture.completedFuture(lookup(key));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Remembers that the call for {@code key} failed with {@code failure}, for the TTL from now. */
    void remember(Object key, Throwable failure);

    /** Forgets the failure of {@code key}, e.g. after the key succeeded. */
    void invalidate(Object key);

    /** A remembered failure. */
    interface Hit {
        /** The failure (in a shared store: a {@link RemoteFailure} describing it). */
        Throwable failure();

        /** How long the failure is still remembered. */
        Duration remaining();
    }

    /** Creates the shared store of one instance; configured on {@link FailureCacheConfig.Builder#store}. */
    @FunctionalInterface
    interface Factory {
        /**
         * @param name the instance's name, shared by every JVM that uses the same one
         * @param config the cache's configuration (TTL, what is remembered)
         * @param local this JVM's in-memory cache, for a local fallback
         */
        FailureStore create(String name, FailureCacheConfig config, FailureCache local);
    }
}
