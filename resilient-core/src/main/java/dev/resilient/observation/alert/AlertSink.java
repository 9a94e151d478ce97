package dev.resilient.observation.alert;

/**
 * Where alerts go. Called on the thread of the failing call, so an implementation must return
 * quickly (send slow I/O asynchronously). An exception thrown here is logged; the call and the other
 * sinks are not affected.
 */
@FunctionalInterface
public interface AlertSink {

    void send(Alert alert);
}
