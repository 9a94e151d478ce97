package dev.resilient.event;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Keeps the last events of every instance in a bounded ring buffer per instance, for display (e.g.
 * the actuator's {@code /actuator/resilience/{name}}). Register it as a listener on the runtime's or
 * an instance's {@link EventPublisher}.
 *
 * <p>Memory stays bounded: at most {@code capacity} events per instance and at most
 * {@code maxInstances} instances; events of instances beyond that bound are dropped and counted in
 * {@link #droppedEvents()}. The events are stored without the call's arguments and result, so the
 * buffer never retains (or shows) application data; the failure is kept.
 *
 * <p>Accepts every event type (the default of {@link EventListener#accepts(EventType)}).
 *
 * <p>Thread-safe. Recording takes a short per-instance lock; reading copies a snapshot.
 */
public final class RecentEvents implements EventListener {

    /** Events kept per instance unless configured otherwise. */
    public static final int DEFAULT_CAPACITY = 100;
    /** Instances tracked unless configured otherwise. */
    public static final int DEFAULT_MAX_INSTANCES = 1_000;

    private final int capacity;
    private final int maxInstances;
    private final ConcurrentMap<String, Ring> rings = new ConcurrentHashMap<>();
    private final LongAdder dropped = new LongAdder();

    /** {@value #DEFAULT_CAPACITY} events for each of at most {@value #DEFAULT_MAX_INSTANCES} instances. */
    public RecentEvents() {
        this(DEFAULT_CAPACITY, DEFAULT_MAX_INSTANCES);
    }

    /**
     * {@code capacity} events for each of at most {@code maxInstances} instances.
     *
     * @throws IllegalArgumentException when either is below 1
     */
    public RecentEvents(int capacity, int maxInstances) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1 but was " + capacity);
        }
        if (maxInstances < 1) {
            throw new IllegalArgumentException("maxInstances must be >= 1 but was " + maxInstances);
        }
        this.capacity = capacity;
        this.maxInstances = maxInstances;
    }

    public int capacity() {
        return capacity;
    }

    public int maxInstances() {
        return maxInstances;
    }

    @Override
    public void onEvent(ResilienceEvent event) {
        String instance = event.instance();
        if (instance == null) {
            return;
        }
        Ring ring = rings.get(instance);
        if (ring == null) {
            if (rings.size() >= maxInstances) {
                dropped.increment();
                return;
            }
            ring = rings.computeIfAbsent(instance, name -> new Ring(capacity));
        }
        ring.add(strip(event));
    }

    /** The recorded events of {@code instance}, oldest first and newest last; empty when none. */
    public List<ResilienceEvent> recent(String instance) {
        Ring ring = rings.get(instance);
        return ring == null ? List.of() : ring.snapshot();
    }

    /** The names of the instances that have recorded events, sorted. */
    public Set<String> instances() {
        return new TreeSet<>(rings.keySet());
    }

    /** Forgets the events of {@code instance}. */
    public void clear(String instance) {
        rings.remove(instance);
    }

    /** Forgets every event. */
    public void clear() {
        rings.clear();
    }

    /** Events dropped because {@link #maxInstances()} instances were already tracked. */
    public long droppedEvents() {
        return dropped.sum();
    }

    private static ResilienceEvent strip(ResilienceEvent e) {
        if (e.arguments() == null && e.result() == null) {
            return e;
        }
        return new ResilienceEvent(
                e.type(),
                e.instance(),
                e.timestampMillis(),
                e.source(),
                e.attempt(),
                e.elapsed(),
                e.delay(),
                e.failure(),
                null,
                null,
                e.detail());
    }

    /** A fixed-size ring: {@code next} is where the next event goes, {@code size} how many are held. */
    private static final class Ring {
        private final ResilienceEvent[] slots;
        private int next;
        private int size;

        Ring(int capacity) {
            this.slots = new ResilienceEvent[capacity];
        }

        synchronized void add(ResilienceEvent event) {
            slots[next] = event;
            next = (next + 1) % slots.length;
            if (size < slots.length) {
                size++;
            }
        }

        synchronized List<ResilienceEvent> snapshot() {
            List<ResilienceEvent> copy = new ArrayList<>(size);
            int start = (next - size + slots.length) % slots.length;
            for (int i = 0; i < size; i++) {
                copy.add(slots[(start + i) % slots.length]);
            }
            return copy;
        }
    }

    @Override
    public String toString() {
        return "RecentEvents[capacity=" + capacity + ", instances=" + rings.size() + "]";
    }
}
