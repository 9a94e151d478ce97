package dev.resilient.step;

import dev.resilient.ResilienceRuntime;
import dev.resilient.event.EventPublisher;
import dev.resilient.event.EventType;
import dev.resilient.event.ResilienceEvent;
import java.util.Objects;

/**
 * What every step of one pipeline instance shares: the instance name, the runtime, the instance's
 * event publisher and its counters.
 */
public final class StepContext {

    private final String instance;
    private final ResilienceRuntime runtime;
    private final EventPublisher events;
    private final PipelineStats stats;

    public StepContext(String instance, ResilienceRuntime runtime, EventPublisher events, PipelineStats stats) {
        this.instance = Objects.requireNonNull(instance, "instance");
        this.runtime = Objects.requireNonNull(runtime, "runtime");
        this.events = Objects.requireNonNull(events, "events");
        this.stats = Objects.requireNonNull(stats, "stats");
    }

    /** A context with its own publisher (whose parent is the runtime's) and fresh counters. */
    public static StepContext of(String instance, ResilienceRuntime runtime) {
        return new StepContext(instance, runtime, new EventPublisher(runtime.events()), new PipelineStats());
    }

    public String instance() {
        return instance;
    }

    public ResilienceRuntime runtime() {
        return runtime;
    }

    public EventPublisher events() {
        return events;
    }

    public PipelineStats stats() {
        return stats;
    }

    /** Whether anyone listens to some event type. Prefer {@link #eventsEnabled(EventType)} before building an event. */
    public boolean eventsEnabled() {
        return events.isEnabled();
    }

    /** Whether anyone listens to events of {@code type}; check before building (or timing for) one. */
    public boolean eventsEnabled(EventType type) {
        return events.isEnabled(type);
    }

    /** Starts an event of this instance stamped with the current wall-clock time. */
    public ResilienceEvent.Builder event(EventType type, String source) {
        return ResilienceEvent.builder(type, instance, runtime.clock().currentTimeMillis())
                .source(source);
    }

    /** Publishes {@code event}. */
    public void publish(ResilienceEvent.Builder event) {
        events.publish(event.build());
    }
}
