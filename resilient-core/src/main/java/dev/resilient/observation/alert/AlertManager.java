package dev.resilient.observation.alert;

import dev.resilient.ResilienceRuntime;
import dev.resilient.event.EventListener;
import dev.resilient.event.EventPublisher;
import dev.resilient.event.EventType;
import dev.resilient.event.ResilienceEvent;
import dev.resilient.observation.Redaction;
import dev.resilient.step.StepContext;
import dev.resilient.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Raises alerts when an instance fails too often: counts FAILURE events (and REJECTED ones when
 * configured) per instance in a sliding window measured with the runtime's clock; when the count
 * reaches the threshold, sends an {@link Alert} to the sinks; further alerts of that instance wait for
 * the cooldown, except an escalation to a higher level, which goes to that level's sinks at once.
 * Counting and the cooldown decision are atomic per instance, so many failing threads raise exactly
 * one alert per cooldown and level. Sinks run outside the lock; a sink that throws is logged.
 *
 * <p>With a {@link AlertConfig#sharedCooldown() shared cooldown}, an alert due here is sent only if
 * this JVM claims it there first, so one alert goes out per incident across every JVM of a service.
 *
 * <p>When the instance's publisher is known ({@link #attachTo(StepContext)}), an ALERT event is
 * published on it for each alert. Thread-safe.
 */
public final class AlertManager implements EventListener {

    private static final Logger log = LoggerFactory.getLogger(AlertManager.class);
    private static final int MAX_MESSAGE_LENGTH = 500;
    private static final String SOURCE = "alert";

    private final AlertConfig config;
    private final Clock clock;
    private final Redaction redaction;
    private final long windowNanos;
    private final long cooldownNanos;
    private final int capacity;
    private final ConcurrentMap<String, InstanceState> states = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, EventPublisher> publishers = new ConcurrentHashMap<>();

    public AlertManager(AlertConfig config, ResilienceRuntime runtime) {
        this(config, runtime.clock());
    }

    public AlertManager(AlertConfig config, Clock clock) {
        this.config = Objects.requireNonNull(config, "config");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.redaction = new Redaction(config.sensitiveNames(), Redaction.DEFAULT_REDACTION, config.scrubber());
        this.windowNanos = config.window().toNanos();
        this.cooldownNanos = config.cooldown().toNanos();
        List<EscalationLevel> levels = config.escalation();
        this.capacity = levels.isEmpty()
                ? config.threshold()
                : levels.get(levels.size() - 1).afterErrors();
    }

    public AlertConfig config() {
        return config;
    }

    /**
     * Listens to the instance's events (unless already listening there) and publishes ALERT events
     * on its publisher.
     */
    public AlertManager attachTo(StepContext context) {
        publishers.put(context.instance(), context.events());
        if (!context.events().listeners().contains(this)) {
            context.events().addListener(this);
        }
        return this;
    }

    /**
     * FAILURE, FALLBACK (a failure a fallback answered is still an error of the dependency), and
     * REJECTED when rejections count.
     */
    @Override
    public boolean accepts(EventType type) {
        return type == EventType.FAILURE
                || type == EventType.FALLBACK
                || (type == EventType.REJECTED && config.countRejections());
    }

    @Override
    public void onEvent(ResilienceEvent event) {
        EventType type = event.type();
        if (type == EventType.FAILURE || (type == EventType.REJECTED && config.countRejections())) {
            record(event.instance(), event.failure());
        } else if (type == EventType.FALLBACK && event.failure() != null) {
            // a rejection the fallback answered was already counted by its REJECTED event, if at all
            if (!(event.failure() instanceof dev.resilient.CallNotPermittedException)
                    && !"suppressed".equals(event.detail())) {
                record(event.instance(), event.failure());
            }
        }
    }

    /** Counts one error of {@code instance}; sends an alert when one is due. */
    public void record(String instance, @Nullable Throwable failure) {
        if (instance == null) {
            return;
        }
        InstanceState state = states.get(instance);
        if (state == null) {
            state = states.computeIfAbsent(instance, name -> new InstanceState(capacity));
        }
        long now = clock.nanoTime();
        int level;
        int count;
        synchronized (state) {
            count = state.add(now, windowNanos);
            level = levelFor(count);
            if (level == 0) {
                return;
            }
            boolean cooling = state.lastAlertLevel > 0 && now - state.lastAlertNanos < cooldownNanos;
            if (cooling && level <= state.lastAlertLevel) {
                return;
            }
            state.lastAlertNanos = now;
            state.lastAlertLevel = level;
        }
        AlertCooldown shared = config.sharedCooldown();
        if (shared != null && !shared.claim(instance, level, config.cooldown())) {
            return; // another JVM sent this alert within the cooldown
        }
        send(instance, level, count, failure);
    }

    /** Errors of {@code instance} within the current window (up to the highest level's count). */
    public int errorsInWindow(String instance) {
        InstanceState state = states.get(instance);
        if (state == null) {
            return 0;
        }
        synchronized (state) {
            return state.countSince(clock.nanoTime() - windowNanos);
        }
    }

    private int levelFor(int count) {
        List<EscalationLevel> levels = config.escalation();
        for (int i = levels.size() - 1; i >= 0; i--) {
            if (count >= levels.get(i).afterErrors()) {
                return i + 2;
            }
        }
        return count >= config.threshold() ? 1 : 0;
    }

    private void send(String instance, int level, int count, @Nullable Throwable failure) {
        String message = failure == null ? null : failure.getMessage();
        if (message != null) {
            message = redaction.redactText(message);
            if (message.length() > MAX_MESSAGE_LENGTH) {
                message = message.substring(0, MAX_MESSAGE_LENGTH) + "...";
            }
        }
        Alert alert = new Alert(
                instance,
                level,
                count,
                config.window(),
                failure == null ? null : failure.getClass().getName(),
                message,
                Instant.ofEpochMilli(clock.currentTimeMillis()));
        List<AlertSink> sinks =
                level == 1 ? config.sinks() : config.escalation().get(level - 2).sinks();
        for (AlertSink sink : sinks) {
            try {
                sink.send(alert);
            } catch (RuntimeException | LinkageError e) {
                log.warn("Alert sink {} failed for {}; the alert is dropped for it", sink, instance, e);
            }
        }
        EventPublisher publisher = publishers.get(instance);
        if (publisher != null && publisher.isEnabled(EventType.ALERT)) {
            publisher.publish(ResilienceEvent.builder(EventType.ALERT, instance, clock.currentTimeMillis())
                    .source(SOURCE)
                    .detail("level " + level + ": " + count + " errors within " + config.window())
                    .build());
        }
    }

    /** The recent error times of one instance in a ring, newest at {@code head - 1}. */
    private static final class InstanceState {
        private final long[] times;
        private int head;
        private int size;
        long lastAlertNanos;
        int lastAlertLevel;

        InstanceState(int capacity) {
            this.times = new long[capacity];
        }

        /** Adds an error at {@code now}; returns the errors within the window ending now. */
        int add(long now, long windowNanos) {
            times[head] = now;
            head = (head + 1) % times.length;
            if (size < times.length) {
                size++;
            }
            return countSince(now - windowNanos);
        }

        int countSince(long fromExclusive) {
            int count = 0;
            int index = head;
            for (int i = 0; i < size; i++) {
                index = index == 0 ? times.length - 1 : index - 1;
                if (times[index] - fromExclusive <= 0) {
                    break;
                }
                count++;
            }
            return count;
        }
    }
}
