package dev.resilient.spring.internal;

import dev.resilient.spring.actuate.InstanceMetadata;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.util.ClassUtils;

/**
 * The source of the one Micrometer {@link Observation} per call, named {@value #NAME}: the
 * application's {@link ObservationRegistry} when it defines one (its handlers make the timer and the
 * trace), otherwise, when a Micrometer {@code MeterRegistry} exists, a registry of its own that only
 * times calls into it. Keeps the observations' key values bounded: the error set on a failed call's
 * observation (for tracing) is taken off again before the handlers see it stop, so Micrometer's
 * default meter handler tags the timer {@code error=none} instead of one value per exception class;
 * the {@code exception} key value takes at most {@value #MAX_EXCEPTION_TAGS} distinct values per
 * instance, then {@code other}. Resolved on first use. Thread-safe.
 */
public final class CallObservations {

    /** The observation's name, and with it the timer's. */
    public static final String NAME = "resilient.calls";

    /** Distinct {@code exception} values per instance; further exception types are tagged {@code other}. */
    public static final int MAX_EXCEPTION_TAGS = 64;

    private static final String METER_REGISTRY = "io.micrometer.core.instrument.MeterRegistry";

    private final @Nullable ObjectProvider<?> observationRegistry;
    private final @Nullable ObjectProvider<?> meterRegistry;
    private final @Nullable ObjectProvider<InstanceMetadata> metadata;
    private final ConcurrentMap<String, InstanceKeys> instances = new ConcurrentHashMap<>();
    private volatile @Nullable ObservationRegistry registry;

    /**
     * @param observationRegistry provides the application's {@code ObservationRegistry}, if any
     * @param meterRegistry provides the application's {@code MeterRegistry}, if any (may be null when
     *     Micrometer's core is absent)
     * @param metadata metric names, tags and switches per instance
     */
    public CallObservations(
            @Nullable ObjectProvider<?> observationRegistry,
            @Nullable ObjectProvider<?> meterRegistry,
            @Nullable ObjectProvider<InstanceMetadata> metadata) {
        this.observationRegistry = observationRegistry;
        this.meterRegistry = meterRegistry;
        this.metadata = metadata;
    }

    /** The registry calls are observed in; {@link ObservationRegistry#NOOP} when there is nothing to report to. */
    ObservationRegistry registry() {
        ObservationRegistry resolved = this.registry;
        if (resolved == null) {
            synchronized (this) {
                resolved = this.registry;
                if (resolved == null) {
                    resolved = resolve();
                    this.registry = resolved;
                }
            }
        }
        return resolved;
    }

    private ObservationRegistry resolve() {
        Object bean = this.observationRegistry != null ? this.observationRegistry.getIfUnique() : null;
        ObservationRegistry resolved = bean instanceof ObservationRegistry r ? r : null;
        if (resolved == null
                && this.meterRegistry != null
                && ClassUtils.isPresent(METER_REGISTRY, CallObservations.class.getClassLoader())) {
            resolved = MeterOnlyRegistry.create(this.meterRegistry.getIfUnique());
        }
        if (resolved == null || resolved.isNoop()) {
            return ObservationRegistry.NOOP;
        }
        resolved.observationConfig().observationFilter(context -> {
            if (context instanceof CallContext && context.getError() != null) {
                clearError(context); // handlers were told on error(); meters stay bounded
            }
            return context;
        });
        return resolved;
    }

    @SuppressWarnings("NullAway") // Micrometer declares the error non-null, but null is how it is taken off again
    private static void clearError(Observation.Context context) {
        context.setError(null);
    }

    /** The key values of instance {@code instance}, computed once. */
    InstanceKeys keys(String instance) {
        InstanceKeys keys = this.instances.get(instance);
        return keys != null ? keys : this.instances.computeIfAbsent(instance, this::compute);
    }

    private InstanceKeys compute(String instance) {
        InstanceMetadata meta = this.metadata != null ? this.metadata.getIfAvailable() : null;
        if (meta == null) {
            return new InstanceKeys(instance, Map.of(), true, true);
        }
        String name = meta.metricName(instance).filter(n -> !n.isBlank()).orElse(instance);
        return new InstanceKeys(
                name, meta.tags(instance), meta.metricsEnabled(instance), meta.trackErrorTypes(instance));
    }

    /** The context of a call's observation, so that the error filter touches only these. */
    static final class CallContext extends Observation.Context {}

    /** What the observations of one instance are tagged with. */
    static final class InstanceKeys {
        final String name;
        final Map<String, String> tags;
        final boolean enabled;
        final boolean trackErrorTypes;
        private final ConcurrentMap<Class<?>, String> exceptionTags = new ConcurrentHashMap<>();

        InstanceKeys(String name, Map<String, String> tags, boolean enabled, boolean trackErrorTypes) {
            this.name = name;
            this.tags = tags;
            this.enabled = enabled;
            this.trackErrorTypes = trackErrorTypes;
        }

        /** The bounded {@code exception} value of a failure: its simple class name, {@code other} past the bound. */
        String exceptionTag(@Nullable Throwable failure) {
            if (failure == null || !this.trackErrorTypes) {
                return "none";
            }
            Class<?> type = failure.getClass();
            String tag = this.exceptionTags.get(type);
            if (tag != null) {
                return tag;
            }
            if (this.exceptionTags.size() >= MAX_EXCEPTION_TAGS) {
                return "other";
            }
            return this.exceptionTags.computeIfAbsent(type, InstanceKeys::simpleName);
        }

        private static String simpleName(Class<?> type) {
            String simple = type.getSimpleName();
            if (!simple.isEmpty()) {
                return simple;
            }
            String name = type.getName(); // anonymous or hidden classes
            return name.substring(name.lastIndexOf('.') + 1);
        }
    }

    /** A registry of our own that only times calls into the application's meter registry. */
    private static final class MeterOnlyRegistry {
        static @Nullable ObservationRegistry create(@Nullable Object meterRegistry) {
            if (!(meterRegistry instanceof io.micrometer.core.instrument.MeterRegistry meters)) {
                return null;
            }
            ObservationRegistry registry = ObservationRegistry.create();
            registry.observationConfig()
                    .observationHandler(new io.micrometer.core.instrument.observation.DefaultMeterObservationHandler(
                            meters,
                            io.micrometer.core.instrument.observation.DefaultMeterObservationHandler.IgnoredMeters
                                    .LONG_TASK_TIMER));
            return registry;
        }
    }
}
