package dev.resilient.event;

/** Receives the events of one or more pipelines. Must be thread-safe and should be quick. */
@FunctionalInterface
public interface EventListener {

    /** Called on the thread that emitted the event. An exception thrown here is logged and dropped. */
    void onEvent(ResilienceEvent event);

    /**
     * Whether this listener wants events of {@code type}; by default every type. Asked once for each
     * type when the listener is added to an {@link EventPublisher}, so the answer must be constant.
     * Emitters skip building (and timing) events of types no listener accepts, which makes the
     * success path free when only failures are wanted.
     */
    default boolean accepts(EventType type) {
        return true;
    }
}
