package dev.resilient.observation.alert;

import java.util.List;

/**
 * An escalation level: once the errors within the window reach {@code afterErrors}, an alert of this
 * level goes to {@code sinks} (even during the cooldown of a lower level).
 *
 * @param afterErrors errors within the window that trigger this level; above the alert threshold
 * @param sinks where this level's alerts go
 */
public record EscalationLevel(int afterErrors, List<AlertSink> sinks) {

    public EscalationLevel {
        sinks = List.copyOf(sinks);
    }

    /** A level with the given sinks. */
    public static EscalationLevel of(int afterErrors, AlertSink... sinks) {
        return new EscalationLevel(afterErrors, List.of(sinks));
    }
}
