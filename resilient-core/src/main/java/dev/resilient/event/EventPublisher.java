package dev.resilient.event;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers events to listeners. Emitters check {@link #isEnabled(EventType)} before building an
 * event, so a pipeline allocates nothing for events of types no listener accepts
 * ({@link EventListener#accepts(EventType)}). A listener that throws never breaks the call or the
 * other listeners: its exception is logged and dropped.
 */
public final class EventPublisher {

    private static final Logger log = LoggerFactory.getLogger(EventPublisher.class);
    private static final EventType[] TYPES = EventType.values();

    static {
        if (TYPES.length > Integer.SIZE) {
            throw new AssertionError("EventType has more constants than the mask holds");
        }
    }

    private final CopyOnWriteArrayList<Registration> listeners = new CopyOnWriteArrayList<>();
    private final @Nullable EventPublisher parent;
    /** Bit {@code type.ordinal()} is set when some listener of this publisher accepts {@code type}. */
    private volatile int mask;

    /** A publisher with no parent. */
    public EventPublisher() {
        this(null);
    }

    /** A publisher that also delivers every event to {@code parent}'s listeners. */
    public EventPublisher(@Nullable EventPublisher parent) {
        this.parent = parent;
    }

    /** Adds a listener; its {@link EventListener#accepts(EventType)} is asked once per type here. */
    public EventPublisher addListener(EventListener listener) {
        if (listener == null) {
            throw new IllegalArgumentException("listener must not be null");
        }
        listeners.add(new Registration(listener, maskOf(listener)));
        recomputeMask();
        return this;
    }

    /** Removes a listener added earlier (one registration of it). */
    public void removeListener(EventListener listener) {
        for (Registration registration : listeners) {
            if (registration.listener.equals(listener)) {
                listeners.remove(registration);
                break;
            }
        }
        recomputeMask();
    }

    /** The listeners of this publisher (not its parent's). */
    public List<EventListener> listeners() {
        return listeners.stream().map(r -> r.listener).toList();
    }

    /** Whether any listener here or in a parent would receive some event. */
    public boolean isEnabled() {
        return mask != 0 || (parent != null && parent.isEnabled());
    }

    /** Whether any listener here or in a parent accepts events of {@code type}. */
    public boolean isEnabled(EventType type) {
        int bit = 1 << type.ordinal();
        for (EventPublisher p = this; p != null; p = p.parent) {
            if ((p.mask & bit) != 0) {
                return true;
            }
        }
        return false;
    }

    /** Delivers {@code event} to every listener that accepts its type, then to the parent's. */
    public void publish(ResilienceEvent event) {
        int bit = 1 << event.type().ordinal();
        for (Registration registration : listeners) {
            if ((registration.mask & bit) == 0) {
                continue;
            }
            try {
                registration.listener.onEvent(event);
            } catch (RuntimeException | LinkageError e) {
                log.warn(
                        "Event listener {} failed on {}; the event is dropped for it",
                        registration.listener,
                        event.type(),
                        e);
            }
        }
        if (parent != null) {
            parent.publish(event);
        }
    }

    private synchronized void recomputeMask() {
        int m = 0;
        for (Registration registration : listeners) {
            m |= registration.mask;
        }
        mask = m;
    }

    private static int maskOf(EventListener listener) {
        int m = 0;
        for (EventType type : TYPES) {
            boolean accepts;
            try {
                accepts = listener.accepts(type);
            } catch (RuntimeException | LinkageError e) {
                log.warn("Event listener {} failed on accepts({}); it receives that type", listener, type, e);
                accepts = true;
            }
            if (accepts) {
                m |= 1 << type.ordinal();
            }
        }
        return m;
    }

    /** A listener with the types it accepts, computed once. */
    private record Registration(EventListener listener, int mask) {}
}
