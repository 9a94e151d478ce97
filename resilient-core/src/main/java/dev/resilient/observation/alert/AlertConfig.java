package dev.resilient.observation.alert;

import dev.resilient.observation.MessageScrubber;
import dev.resilient.observation.Redaction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * When and where {@link AlertManager} alerts. Immutable; build with {@link #builder()}.
 *
 * <table>
 *   <caption>Settings</caption>
 *   <tr><th>setting</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>threshold</td><td>5</td><td>errors within the window that raise a level-1 alert</td></tr>
 *   <tr><td>window</td><td>1 min</td><td>the sliding window errors are counted in</td></tr>
 *   <tr><td>cooldown</td><td>5 min</td><td>per instance: no further alert of the same or a lower
 *       level until it has passed</td></tr>
 *   <tr><td>sinks</td><td>a {@link LogAlertSink}</td><td>where level-1 alerts go</td></tr>
 *   <tr><td>escalation</td><td>none</td><td>levels 2, 3, ...: after M errors in the window, to their own sinks</td></tr>
 *   <tr><td>countRejections</td><td>false</td><td>count REJECTED events (open circuit, rate limit) as errors</td></tr>
 *   <tr><td>sharedCooldown</td><td>none</td><td>an {@link AlertCooldown} shared by every JVM, so one of
 *       them sends an alert that is due in several</td></tr>
 *   <tr><td>sensitiveNames</td><td>{@link Redaction#DEFAULT_SENSITIVE_NAMES}</td><td>redacted in messages</td></tr>
 *   <tr><td>scrubber</td><td>{@link MessageScrubber#defaults()}</td><td>scrubs credentials from messages</td></tr>
 * </table>
 */
public final class AlertConfig {

    private final int threshold;
    private final Duration window;
    private final Duration cooldown;
    private final List<AlertSink> sinks;
    private final List<EscalationLevel> escalation;
    private final boolean countRejections;
    private final List<String> sensitiveNames;
    private final @Nullable AlertCooldown sharedCooldown;
    private final MessageScrubber scrubber;

    private AlertConfig(Builder b, List<AlertSink> sinks) {
        this.threshold = b.threshold;
        this.window = b.window;
        this.cooldown = b.cooldown;
        this.sinks = List.copyOf(sinks);
        this.escalation = List.copyOf(b.escalation);
        this.countRejections = b.countRejections;
        this.sensitiveNames = List.copyOf(b.sensitiveNames);
        this.sharedCooldown = b.sharedCooldown;
        this.scrubber = b.scrubber;
    }

    public static AlertConfig ofDefaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from this configuration. */
    public Builder toBuilder() {
        return new Builder()
                .threshold(threshold)
                .window(window)
                .cooldown(cooldown)
                .sinks(sinks)
                .escalation(escalation)
                .countRejections(countRejections)
                .sensitiveNames(sensitiveNames)
                .scrubber(scrubber)
                .sharedCooldown(sharedCooldown);
    }

    public int threshold() {
        return threshold;
    }

    public Duration window() {
        return window;
    }

    public Duration cooldown() {
        return cooldown;
    }

    public List<AlertSink> sinks() {
        return sinks;
    }

    public List<EscalationLevel> escalation() {
        return escalation;
    }

    public boolean countRejections() {
        return countRejections;
    }

    public List<String> sensitiveNames() {
        return sensitiveNames;
    }

    /** The cooldown shared with other JVMs, or {@code null}: this JVM decides alone. */
    public @Nullable AlertCooldown sharedCooldown() {
        return sharedCooldown;
    }

    /** The scrubber alert messages pass before they reach a sink. */
    public MessageScrubber scrubber() {
        return scrubber;
    }

    @Override
    public String toString() {
        return "AlertConfig{threshold=" + threshold + ", window=" + window + ", cooldown=" + cooldown + ", sinks="
                + sinks + ", escalation="
                + escalation.stream().map(EscalationLevel::afterErrors).toList()
                + ", countRejections=" + countRejections
                + (sharedCooldown == null ? "" : ", sharedCooldown=" + sharedCooldown) + '}';
    }

    /** Builds an {@link AlertConfig}. */
    public static final class Builder {
        private int threshold = 5;
        private Duration window = Duration.ofMinutes(1);
        private Duration cooldown = Duration.ofMinutes(5);
        private @Nullable List<AlertSink> sinks;
        private final List<EscalationLevel> escalation = new ArrayList<>();
        private boolean countRejections;
        private List<String> sensitiveNames = Redaction.DEFAULT_SENSITIVE_NAMES;
        private @Nullable AlertCooldown sharedCooldown;
        private MessageScrubber scrubber = MessageScrubber.defaults();

        private Builder() {}

        /** The scrubber of alert messages ({@link MessageScrubber#none()} turns it off). */
        public Builder scrubber(MessageScrubber scrubber) {
            this.scrubber = scrubber;
            return this;
        }

        /** Errors within the window that raise an alert; >= 1. */
        public Builder threshold(int threshold) {
            this.threshold = threshold;
            return this;
        }

        public Builder window(Duration window) {
            this.window = window;
            return this;
        }

        /** Minimum time between alerts of one instance (zero: no cooldown). */
        public Builder cooldown(Duration cooldown) {
            this.cooldown = cooldown;
            return this;
        }

        /** Replaces the level-1 sinks. */
        public Builder sinks(List<AlertSink> sinks) {
            this.sinks = new ArrayList<>(Objects.requireNonNull(sinks, "sinks"));
            return this;
        }

        /** Adds a level-1 sink (the first call replaces the default log sink). */
        public Builder sink(AlertSink sink) {
            if (sinks == null) {
                sinks = new ArrayList<>();
            }
            sinks.add(sink);
            return this;
        }

        /** Adds an escalation level (level 2 is the first added, then 3, ...). */
        public Builder escalate(int afterErrors, AlertSink... sinks) {
            escalation.add(EscalationLevel.of(afterErrors, sinks));
            return this;
        }

        public Builder escalation(List<EscalationLevel> levels) {
            escalation.clear();
            escalation.addAll(levels);
            return this;
        }

        public Builder countRejections(boolean countRejections) {
            this.countRejections = countRejections;
            return this;
        }

        public Builder sensitiveNames(List<String> names) {
            this.sensitiveNames = List.copyOf(names);
            return this;
        }

        /** Claims due alerts in a cooldown shared by every JVM; {@code null} (the default): this JVM alone. */
        public Builder sharedCooldown(@Nullable AlertCooldown sharedCooldown) {
            this.sharedCooldown = sharedCooldown;
            return this;
        }

        public AlertConfig build() {
            if (scrubber == null) {
                throw new IllegalArgumentException("scrubber must not be null but was null");
            }
            if (threshold < 1) {
                throw new IllegalArgumentException("threshold must be >= 1 but was " + threshold);
            }
            if (window == null || window.isNegative() || window.isZero()) {
                throw new IllegalArgumentException("window must be positive but was " + window);
            }
            if (cooldown == null || cooldown.isNegative()) {
                throw new IllegalArgumentException("cooldown must be >= 0 but was " + cooldown);
            }
            if (sinks == null) {
                sinks = new ArrayList<>(List.of(new LogAlertSink()));
            }
            if (sinks.contains(null)) {
                throw new IllegalArgumentException("sinks must not contain null but was " + sinks);
            }
            int previous = threshold;
            for (int i = 0; i < escalation.size(); i++) {
                EscalationLevel level = escalation.get(i);
                if (level == null || level.afterErrors() <= previous) {
                    throw new IllegalArgumentException("escalation[" + i + "].afterErrors must be > " + previous
                            + " (the threshold or the previous level) but was "
                            + (level == null ? null : level.afterErrors()));
                }
                if (level.sinks().isEmpty()) {
                    throw new IllegalArgumentException("escalation[" + i + "].sinks must not be empty but was []");
                }
                previous = level.afterErrors();
            }
            return new AlertConfig(this, sinks);
        }
    }
}
