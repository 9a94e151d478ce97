package dev.resilient.observation.alert;

import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * An alert about an instance that failed too often. Never carries the call's arguments; the message
 * of the last failure is scrubbed of credentials and has the values of sensitive {@code name=value}
 * pairs redacted.
 *
 * @param instance the pipeline instance's name
 * @param level the escalation level, starting at 1
 * @param errorCount the errors counted within the window when the alert fired
 * @param window the counting window
 * @param exceptionType the class name of the last failure ({@code null} when the error carried none)
 * @param message the last failure's message, scrubbed and redacted (may be {@code null})
 * @param timestamp when the alert fired
 */
public record Alert(
        String instance,
        int level,
        int errorCount,
        Duration window,
        @Nullable String exceptionType,
        @Nullable String message,
        Instant timestamp) {

    /** A one-line human-readable summary, used as the Slack {@code text}. */
    public String text() {
        StringBuilder text = new StringBuilder(128)
                .append("[resilient] ")
                .append(instance)
                .append(": ")
                .append(errorCount)
                .append(errorCount == 1 ? " error" : " errors")
                .append(" within ")
                .append(format(window));
        if (level > 1) {
            text.append(" (escalation level ").append(level).append(')');
        }
        if (exceptionType != null) {
            text.append("; last: ").append(exceptionType);
            if (message != null) {
                text.append(": ").append(message);
            }
        }
        return text.toString();
    }

    private static String format(Duration duration) {
        if (duration.toMillis() % 60_000 == 0) {
            return duration.toMinutes() + " min";
        }
        if (duration.toMillis() % 1000 == 0) {
            return duration.toSeconds() + " s";
        }
        return duration.toMillis() + " ms";
    }
}
