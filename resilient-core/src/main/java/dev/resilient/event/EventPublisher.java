package dev.resilient.event;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers events to listeners. Emitters check {@link #isEnabled()} before building an event, so a
 * pipeline without listeners allocates nothing for events. A listener that throws never breaks the
 * call or the other listeners: its exception is logged and dropped.
 */
public final class EventPublisher {

    private static final Logger log = LoggerFactory.getLogger(EventPublisher.class);

    private final CopyOnWriteArrayList<EventListener> listeners = new CopyOnWriteArrayList<>();
    private final EventPublisher parent;
    private volatile boolean enabled;

    /** A publisher with no parent. */
    public EventPublisher() {
        this(null);
    }

    /** A publisher that also delivers every event to {@code parent}'s listeners. */
    public EventPublisher(EventPublisher parent) {
        this.parent = parent;
    }

    /** Adds a listener. */
    public EventPublisher addListener(EventListener listener) {
        if (listener == null) {
            throw new IllegalArgumentException("listener must not be null");
        }
        listeners.add(listener);
        enabled = true;
        return this;
    }

    /** Removes a listener added earlier. */
    public void removeListener(EventListener listener) {
        listeners.remove(listener);
        enabled = !listeners.isEmpty();
    }

    /** The listeners of this publisher (not its parent's). */
    public List<EventListener> listeners() {
        return List.copyOf(listeners);
    }

    /** Whether any listener here or in a parent would receive an event. */
    public boolean isEnabled() {
        return enabled || (parent != null && parent.isEnabled());
    }

    /** Delivers {@code event} to every listener, then to the parent's. */
    public void publish(ResilienceEvent event) {
        for (EventListener listener : listeners) {
            try {
                listener.onEvent(event);
            } catch (RuntimeException | LinkageError e) {
                log.warn("Event listener {} failed on {}; the event is dropped for it", listener, event.type(), e);
            }
        }
        if (parent != null) {
            parent.publish(event);
        }
    }
}
