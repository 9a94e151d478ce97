package dev.resilient.event;

/** Receives the events of one or more pipelines. Must be thread-safe and should be quick. */
@FunctionalInterface
public interface EventListener {

    /** Called on the thread that emitted the event. An exception thrown here is logged and dropped. */
    void onEvent(ResilienceEvent event);
}
