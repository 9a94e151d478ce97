package dev.resilient.pipeline;

import dev.resilient.ResilienceRuntime;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Holds pipelines by instance name, so every caller that names the same instance shares one
 * circuit breaker, rate limiter, bulkhead, retry budget, failure cache and set of counters. The
 * first configuration registered under a name wins. An instance can be {@linkplain #remove(String)
 * removed} (e.g. the least recently used per-host instance of an HTTP client); removal listeners
 * hear of it, so that meters and other views can forget it. Closing the registry flushes every pipeline's
 * buffers and, if the registry created its runtime, stops the runtime's threads.
 */
public final class ResilienceRegistry implements AutoCloseable {

    private final ResilienceRuntime runtime;
    private final boolean ownsRuntime;
    private final ConcurrentMap<String, ResiliencePipeline> pipelines = new ConcurrentHashMap<>();
    private final CopyOnWriteArrayList<Consumer<ResiliencePipeline>> removalListeners = new CopyOnWriteArrayList<>();

    /** A registry with its own default runtime. */
    public ResilienceRegistry() {
        this(ResilienceRuntime.defaults(), true);
    }

    /** A registry on {@code runtime}, which the caller keeps owning. */
    public ResilienceRegistry(ResilienceRuntime runtime) {
        this(runtime, false);
    }

    private ResilienceRegistry(ResilienceRuntime runtime, boolean ownsRuntime) {
        this.runtime = Objects.requireNonNull(runtime, "runtime");
        this.ownsRuntime = ownsRuntime;
    }

    /** The runtime the registry's pipelines run on. */
    public ResilienceRuntime runtime() {
        return runtime;
    }

    /**
     * The pipeline named {@code name}, built from {@code config} if it does not exist yet. An
     * existing pipeline is returned as is, whatever {@code config} says.
     */
    public ResiliencePipeline pipeline(String name, PipelineConfig config) {
        Objects.requireNonNull(config, "config");
        ResiliencePipeline existing = pipelines.get(name);
        if (existing != null) {
            return existing;
        }
        return pipelines.computeIfAbsent(name, key -> ResiliencePipeline.of(key, config, runtime));
    }

    /** The pipeline named {@code name}, if one was built. */
    public Optional<ResiliencePipeline> find(String name) {
        return Optional.ofNullable(pipelines.get(name));
    }

    /**
     * Removes the pipeline named {@code name}, flushing it and telling every removal listener; a
     * later {@link #pipeline(String, PipelineConfig)} with that name builds a fresh one.
     *
     * @return the removed pipeline, if there was one
     */
    public Optional<ResiliencePipeline> remove(String name) {
        ResiliencePipeline removed = name == null ? null : pipelines.remove(name);
        if (removed == null) {
            return Optional.empty();
        }
        removed.close();
        for (Consumer<ResiliencePipeline> listener : removalListeners) {
            listener.accept(removed);
        }
        return Optional.of(removed);
    }

    /** Calls {@code listener} with every pipeline {@linkplain #remove(String) removed} from now on. */
    public void addRemovalListener(Consumer<ResiliencePipeline> listener) {
        removalListeners.addIfAbsent(Objects.requireNonNull(listener, "listener"));
    }

    /** Every pipeline, in no particular order. */
    public Collection<ResiliencePipeline> pipelines() {
        return List.copyOf(pipelines.values());
    }

    /** Flushes every pipeline; stops the runtime if this registry created it. */
    @Override
    public void close() {
        for (ResiliencePipeline pipeline : pipelines.values()) {
            pipeline.close();
        }
        if (ownsRuntime) {
            runtime.close();
        }
    }
}
