package dev.resilient.observation.alert;

import java.util.Objects;
import java.util.function.Consumer;

/** Hands alerts to a {@code Consumer<Alert>}, e.g. a pager client. */
public final class CallbackAlertSink implements AlertSink {

    private final Consumer<Alert> callback;

    public CallbackAlertSink(Consumer<Alert> callback) {
        this.callback = Objects.requireNonNull(callback, "callback");
    }

    @Override
    public void send(Alert alert) {
        callback.accept(alert);
    }

    @Override
    public String toString() {
        return "CallbackAlertSink";
    }
}
