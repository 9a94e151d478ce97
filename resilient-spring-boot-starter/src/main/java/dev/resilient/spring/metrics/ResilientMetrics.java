package dev.resilient.spring.metrics;

import dev.resilient.circuitbreaker.CircuitBreaker;
import dev.resilient.circuitbreaker.CircuitState;
import dev.resilient.event.EventListener;
import dev.resilient.event.EventType;
import dev.resilient.event.ResilienceEvent;
import dev.resilient.pipeline.ResiliencePipeline;
import dev.resilient.pipeline.ResilienceRegistry;
import dev.resilient.retry.RetryExhaustedException;
import dev.resilient.spring.actuate.InstanceMetadata;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the events of the watched {@link ResilienceRegistry registries} into Micrometer meters, all
 * named {@code resilient.*} and tagged with {@code name} (the instance's metric name, by default the
 * instance name) plus the instance's extra tags from {@link InstanceMetadata}:
 *
 * <ul>
 *   <li>{@code resilient.calls} (timer; {@code outcome} = success | failure, {@code exception} = the
 *       simple class name of the call's last failure or {@code none}, {@code error} = none) — from
 *       the SUCCESS and FAILURE events of whole calls, for instances whose calls are not observed by
 *       the starter ({@link InstanceMetadata#callsObserved}: {@code @Resilient} methods and HTTP
 *       clients get this timer from the one Micrometer observation of each call instead, with the
 *       same tag keys);</li>
 *   <li>{@code resilient.retries}, {@code resilient.fallbacks}, {@code resilient.timeouts},
 *       {@code resilient.slow.calls}, {@code resilient.alerts} (counters);</li>
 *   <li>{@code resilient.rejections} (counter; {@code kind} = circuit_breaker | rate_limiter | bulkhead |
 *       failure_cache | error_limit);</li>
 *   <li>{@code resilient.circuit.transitions} (counter; {@code from}, {@code to});</li>
 *   <li>{@code resilient.circuit.state} (gauge; {@code state}; 1 for the current state, 0 for the
 *       others), read from the circuit breakers of the registry.</li>
 * </ul>
 *
 * <p>An instance whose {@code metrics.enabled} is false ({@link InstanceMetadata#metricsEnabled})
 * gets no meter; with {@code metrics.track-error-types: false} its {@code exception} tag is
 * {@code none}.
 *
 * <p>Meters are created once per instance (and per exception type, transition and rejection kind,
 * each bounded) and cached, so recording an event costs a few map lookups and no allocation. Tag
 * values never contain exception messages, arguments or results.
 *
 * <p>Use: {@link #watch(ResilienceRegistry)} before the registry builds pipelines, then
 * {@link #bindTo(MeterRegistry)} (Spring Boot binds every {@link MeterBinder} bean).
 */
public final class ResilientMetrics implements MeterBinder, EventListener {

    public static final String CALLS = "resilient.calls";
    public static final String RETRIES = "resilient.retries";
    public static final String CIRCUIT_STATE = "resilient.circuit.state";
    public static final String CIRCUIT_TRANSITIONS = "resilient.circuit.transitions";
    public static final String REJECTIONS = "resilient.rejections";
    public static final String FALLBACKS = "resilient.fallbacks";
    public static final String ALERTS = "resilient.alerts";
    public static final String TIMEOUTS = "resilient.timeouts";
    public static final String SLOW_CALLS = "resilient.slow.calls";

    /** Distinct {@code exception} tag values per instance; further exception types are tagged {@code other}. */
    public static final int MAX_EXCEPTION_TAGS = 64;

    private static final Logger log = LoggerFactory.getLogger(ResilientMetrics.class);
    private static final Set<String> OWN_TAG_KEYS =
            Set.of("name", "outcome", "exception", "state", "from", "to", "kind");
    private static final Map<String, String> KINDS = Map.of(
            "circuitBreaker", "circuit_breaker",
            "rateLimiter", "rate_limiter",
            "bulkhead", "bulkhead",
            "failureCache", "failure_cache",
            "errorLimit", "error_limit");

    private final InstanceMetadata metadata;
    private final CopyOnWriteArrayList<ResilienceRegistry> registries = new CopyOnWriteArrayList<>();
    private final Object bindLock = new Object();
    private volatile Bound[] bound = new Bound[0];

    /** Metrics without instance metadata. */
    public ResilientMetrics() {
        this(InstanceMetadata.NONE);
    }

    /** Metrics whose meters carry {@code metadata}'s metric names and tags. */
    public ResilientMetrics(InstanceMetadata metadata) {
        this.metadata = Objects.requireNonNull(metadata, "metadata");
    }

    /**
     * Listens to the events of every pipeline of {@code registry} and exposes the state of its circuit
     * breakers. Call it before the registry builds pipelines: pipelines built without a listener emit
     * no call events. Calling it again for the same registry does nothing.
     */
    public ResilientMetrics watch(ResilienceRegistry registry) {
        Objects.requireNonNull(registry, "registry");
        if (!registries.addIfAbsent(registry)) {
            return this;
        }
        if (!registry.runtime().events().listeners().contains(this)) {
            registry.runtime().events().addListener(this);
        }
        registry.addRemovalListener(removed -> forget(removed.name()));
        for (Bound target : bound) {
            target.registerExisting(registry);
        }
        return this;
    }

    /** Creates the meters of the existing instances in {@code meterRegistry} and records into it from now on. */
    @Override
    public void bindTo(MeterRegistry meterRegistry) {
        Objects.requireNonNull(meterRegistry, "meterRegistry");
        Bound target;
        synchronized (bindLock) {
            for (Bound existing : bound) {
                if (existing.registry == meterRegistry) {
                    return;
                }
            }
            target = new Bound(meterRegistry);
            Bound[] next = java.util.Arrays.copyOf(bound, bound.length + 1);
            next[bound.length] = target;
            bound = next;
        }
        for (ResilienceRegistry registry : registries) {
            target.registerExisting(registry);
        }
    }

    /** The types it meters: no ATTEMPT or IGNORED events are built for it. */
    @Override
    public boolean accepts(EventType type) {
        return switch (type) {
            case SUCCESS,
                    FAILURE,
                    RETRY,
                    FALLBACK,
                    ALERT,
                    TIMEOUT,
                    SLOW_CALL,
                    REJECTED,
                    FAILURE_CACHE_HIT,
                    STATE_CHANGE -> true;
            default -> false;
        };
    }

    @Override
    public void onEvent(ResilienceEvent event) {
        String instance = event.instance();
        if (instance == null) {
            return;
        }
        for (Bound target : bound) {
            target.record(instance, event);
        }
    }

    /**
     * Removes every meter of instance {@code instance} from every bound meter registry; called when
     * the instance is removed from a watched registry (e.g. an evicted per-host HTTP instance).
     */
    public void forget(String instance) {
        for (Bound target : bound) {
            target.forget(instance);
        }
    }

    private @Nullable CircuitBreaker findBreaker(String instance) {
        for (ResilienceRegistry registry : registries) {
            Optional<ResiliencePipeline> pipeline = registry.find(instance);
            if (pipeline.isPresent() && pipeline.get().circuitBreaker().isPresent()) {
                return pipeline.get().circuitBreaker().get();
            }
        }
        return null;
    }

    private static boolean ask(java.util.function.BooleanSupplier question, boolean otherwise) {
        try {
            return question.getAsBoolean();
        } catch (RuntimeException e) {
            return otherwise;
        }
    }

    private Tags baseTags(String instance) {
        String name = instance;
        List<Tag> extra = new ArrayList<>();
        try {
            name = metadata.metricName(instance).filter(n -> !n.isBlank()).orElse(instance);
            for (Map.Entry<String, String> tag : metadata.tags(instance).entrySet()) {
                if (tag.getKey() == null || tag.getValue() == null || OWN_TAG_KEYS.contains(tag.getKey())) {
                    log.warn(
                            "Ignoring metric tag {}={} of instance '{}': null or one of the reserved keys {}",
                            tag.getKey(),
                            tag.getValue(),
                            instance,
                            OWN_TAG_KEYS);
                    continue;
                }
                extra.add(Tag.of(tag.getKey(), tag.getValue()));
            }
        } catch (RuntimeException e) {
            log.warn("Instance metadata failed for '{}'; its meters get only the default tags", instance, e);
            name = instance;
            extra.clear();
        }
        return Tags.of("name", name).and(extra);
    }

    static String kind(@Nullable String source) {
        if (source == null) {
            return "unknown";
        }
        String known = KINDS.get(source);
        if (known != null) {
            return known;
        }
        return source.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }

    static String exceptionTag(Class<?> type) {
        String simple = type.getSimpleName();
        if (!simple.isEmpty()) {
            return simple;
        }
        String name = type.getName(); // anonymous or hidden classes
        return name.substring(name.lastIndexOf('.') + 1);
    }

    private static String lower(String state) {
        return state.trim().toLowerCase(Locale.ROOT);
    }

    /** The meters of one meter registry. */
    private final class Bound {
        private final MeterRegistry registry;
        private final ConcurrentMap<String, InstanceMeters> instances = new ConcurrentHashMap<>();

        Bound(MeterRegistry registry) {
            this.registry = registry;
        }

        void registerExisting(ResilienceRegistry resilience) {
            for (ResiliencePipeline pipeline : resilience.pipelines()) {
                instance(pipeline.name());
            }
        }

        @Nullable
        InstanceMeters instance(String instance) {
            InstanceMeters meters = instances.get(instance);
            if (meters == null) {
                if (!ask(() -> metadata.metricsEnabled(instance), true)) {
                    return null;
                }
                meters =
                        instances.computeIfAbsent(instance, name -> new InstanceMeters(registry, baseTags(name), name));
                meters.registerStateGauges(instance);
            }
            return meters;
        }

        void forget(String instance) {
            InstanceMeters meters = instances.remove(instance);
            if (meters != null) {
                meters.removeAll();
            }
        }

        void record(String instance, ResilienceEvent event) {
            InstanceMeters meters = instance(instance);
            if (meters == null) {
                return;
            }
            switch (event.type()) {
                case SUCCESS -> {
                    Timer success = meters.success; // null when the calls are observed
                    if (event.elapsed() != null && success != null) {
                        success.record(event.elapsed());
                    }
                }
                case FAILURE -> {
                    if (event.elapsed() != null && !meters.observed) {
                        meters.failureTimer(event.failure()).record(event.elapsed());
                    }
                }
                case RETRY -> meters.retries.increment();
                case FALLBACK -> meters.fallbacks.increment();
                case ALERT -> meters.alerts.increment();
                case TIMEOUT -> meters.timeouts.increment();
                case SLOW_CALL -> meters.slowCalls.increment();
                case REJECTED, FAILURE_CACHE_HIT ->
                    meters.rejections(event.source()).increment();
                case STATE_CHANGE -> {
                    meters.registerStateGauges(instance);
                    if (event.detail() != null) {
                        meters.transitions(event.detail()).increment();
                    }
                }
                default -> {
                    // ATTEMPT, RETRIES_EXHAUSTED, IGNORED: no meter
                }
            }
        }
    }

    /** The cached meters of one instance in one meter registry. */
    private final class InstanceMeters {
        private final MeterRegistry registry;
        private final Tags tags;
        private final @Nullable Timer success;
        private final Counter retries;
        private final Counter fallbacks;
        private final Counter alerts;
        private final Counter timeouts;
        private final Counter slowCalls;
        private final ConcurrentMap<Class<?>, Timer> failures = new ConcurrentHashMap<>();
        private final ConcurrentMap<String, Counter> rejections = new ConcurrentHashMap<>();
        private final ConcurrentMap<String, Counter> transitions = new ConcurrentHashMap<>();
        private volatile boolean gauges;
        private final boolean observed;
        private final boolean trackErrorTypes;

        InstanceMeters(MeterRegistry registry, Tags tags, String instance) {
            this.registry = registry;
            this.tags = tags;
            this.observed = ask(() -> metadata.callsObserved(instance), false);
            this.trackErrorTypes = ask(() -> metadata.trackErrorTypes(instance), true);
            this.success = this.observed ? null : callTimer("success", "none");
            this.retries = counter(RETRIES, "Retries (attempts after the first)");
            this.fallbacks = counter(FALLBACKS, "Calls answered by a fallback, recovery or suppression");
            this.alerts = counter(ALERTS, "Alerts sent");
            this.timeouts = counter(TIMEOUTS, "Attempts that ran over their time limit");
            this.slowCalls = counter(SLOW_CALLS, "Calls slower than the slow-call threshold");
        }

        private Timer callTimer(String outcome, String exception) {
            return Timer.builder(CALLS)
                    .description("Calls through a resilient instance, all attempts included")
                    .tags(tags)
                    .tag("outcome", outcome)
                    .tag("exception", exception)
                    .tag("error", "none") // the tag keys of the observation-made timer of the same name
                    .register(registry);
        }

        private Counter counter(String name, String description) {
            return Counter.builder(name).description(description).tags(tags).register(registry);
        }

        Timer failureTimer(@Nullable Throwable thrown) {
            Throwable failure = thrown == null ? null : RetryExhaustedException.lastFailureOf(thrown);
            Class<?> type = failure == null || !trackErrorTypes ? Throwable.class : failure.getClass();
            Timer timer = failures.get(type);
            if (timer == null) {
                String tag = failure == null || !trackErrorTypes
                        ? "none"
                        : failures.size() >= MAX_EXCEPTION_TAGS ? "other" : exceptionTag(type);
                timer = failures.computeIfAbsent(type, t -> callTimer("failure", tag));
            }
            return timer;
        }

        Counter rejections(@Nullable String source) {
            String key = source == null ? "" : source;
            Counter counter = rejections.get(key);
            if (counter == null) {
                counter = rejections.computeIfAbsent(key, s -> Counter.builder(REJECTIONS)
                        .description("Calls refused without running")
                        .tags(tags)
                        .tag("kind", kind(source))
                        .register(registry));
            }
            return counter;
        }

        Counter transitions(String detail) {
            Counter counter = transitions.get(detail);
            if (counter == null) {
                counter = transitions.computeIfAbsent(detail, d -> {
                    int arrow = d.indexOf("->");
                    String from = arrow < 0 ? "unknown" : lower(d.substring(0, arrow));
                    String to = arrow < 0 ? lower(d) : lower(d.substring(arrow + 2));
                    return Counter.builder(CIRCUIT_TRANSITIONS)
                            .description("Circuit breaker state changes")
                            .tags(tags)
                            .tag("from", from)
                            .tag("to", to)
                            .register(registry);
                });
            }
            return counter;
        }

        /** Removes every meter of this instance (all carry its base tags) from the meter registry. */
        void removeAll() {
            List<Meter> own = new ArrayList<>();
            for (Meter meter : registry.getMeters()) {
                if (meter.getId().getName().startsWith("resilient.")
                        && meter.getId().getTags().containsAll(tags.stream().toList())) {
                    own.add(meter);
                }
            }
            own.forEach(registry::remove);
        }

        void registerStateGauges(String instance) {
            if (gauges) {
                return;
            }
            CircuitBreaker breaker = findBreaker(instance);
            if (breaker == null) {
                return;
            }
            synchronized (this) {
                if (gauges) {
                    return;
                }
                for (CircuitState state : CircuitState.values()) {
                    Gauge.builder(CIRCUIT_STATE, breaker, b -> b.state() == state ? 1 : 0)
                            .description("Circuit breaker state: 1 for the current state, 0 for the others")
                            .tags(tags)
                            .tag("state", lower(state.name()))
                            .strongReference(true)
                            .register(registry);
                }
                gauges = true;
            }
        }
    }

    @Override
    public String toString() {
        return "ResilientMetrics[registries=" + registries.size() + ", meterRegistries=" + bound.length + "]";
    }
}
