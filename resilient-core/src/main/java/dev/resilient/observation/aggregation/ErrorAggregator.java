package dev.resilient.observation.aggregation;

import dev.resilient.ResilienceRuntime;
import dev.resilient.event.EventListener;
import dev.resilient.event.EventType;
import dev.resilient.event.ResilienceEvent;
import dev.resilient.observation.Redaction;
import dev.resilient.observation.stacktrace.StackTraceFormatter;
import dev.resilient.step.StepContext;
import dev.resilient.time.Cancellable;
import dev.resilient.time.Clock;
import dev.resilient.time.Scheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Collects FAILURE events over a window, grouped by instance, exception type and message, and hands
 * an {@link ErrorReport} to the callback when the window ends (on the runtime's scheduler, in the
 * background). Memory is bounded: at most {@code maxGroups} groups per window, each holding one
 * sample failure; errors of further kinds are counted in the report's "other" bucket, never dropped.
 * {@link #flush()} reports what is buffered at once; {@link #close()} stops the schedule and flushes,
 * so nothing is lost on shutdown. A callback that throws is logged together with the report's summary
 * (so the counts still reach the log), and the report is not retried.
 *
 * <p>It also counts the errors of each instance in the current window for the
 * {@link ErrorLimitStep}. Windows are aligned to the aggregator's creation time on the runtime's
 * monotonic clock. Thread-safe.
 */
public final class ErrorAggregator implements EventListener, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ErrorAggregator.class);
    private static final int MAX_MESSAGE_LENGTH = 300;

    private final AggregationConfig config;
    private final Clock clock;
    private final Scheduler scheduler;
    private final long windowNanos;
    private final long origin;
    private final StackTraceFormatter formatter;
    private final Redaction redaction;
    private final Consumer<ErrorReport> callback;
    private final ConcurrentMap<String, LimitCounter> counters = new ConcurrentHashMap<>();

    private final Object lock = new Object();
    private Map<GroupKey, Group> groups = new HashMap<>();
    private long otherCount;
    private long windowStartMillis;
    private long recorded;

    private volatile boolean closed;
    private volatile @Nullable Cancellable scheduled;

    /** An aggregator that flushes on {@code runtime}'s scheduler every window. */
    public ErrorAggregator(AggregationConfig config, ResilienceRuntime runtime) {
        this(config, runtime.clock(), runtime.scheduler());
    }

    public ErrorAggregator(AggregationConfig config, Clock clock, Scheduler scheduler) {
        this.config = Objects.requireNonNull(config, "config");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.windowNanos = config.window().toNanos();
        this.origin = clock.nanoTime();
        this.windowStartMillis = clock.currentTimeMillis();
        this.redaction =
                new Redaction(Redaction.DEFAULT_SENSITIVE_NAMES, Redaction.DEFAULT_REDACTION, config.scrubber());
        this.formatter = new StackTraceFormatter(config.stackTrace(), redaction);
        this.callback = config.callback() != null ? config.callback() : ErrorAggregator::logReport;
        scheduleNext();
    }

    public AggregationConfig config() {
        return config;
    }

    /** Listens to the instance's events unless it already listens there or on the runtime's publisher. */
    public ErrorAggregator attachTo(StepContext context) {
        if (!context.events().listeners().contains(this)
                && !context.runtime().events().listeners().contains(this)) {
            context.events().addListener(this);
        }
        return this;
    }

    /**
     * FAILURE, and FALLBACK of a failure that is neither a rejection nor suppressed (the dependency
     * failed though a fallback answered).
     */
    @Override
    public boolean accepts(EventType type) {
        return type == EventType.FAILURE || type == EventType.FALLBACK;
    }

    @Override
    public void onEvent(ResilienceEvent event) {
        Throwable failure = event.failure();
        if (failure == null) {
            return;
        }
        if (event.type() == EventType.FAILURE
                || (event.type() == EventType.FALLBACK
                        && !(failure instanceof dev.resilient.CallNotPermittedException)
                        && !"suppressed".equals(event.detail()))) {
            record(event.instance(), failure);
        }
    }

    /** Counts one failure of {@code instance} in the current window. */
    public void record(String instance, Throwable failure) {
        if (instance == null || failure == null || failure instanceof ErrorLimitExceededException) {
            return;
        }
        long now = clock.nanoTime();
        long nowMillis = clock.currentTimeMillis();
        long windowIndex = windowIndex(now);
        String message = failure.getMessage();
        if (message != null && message.length() > MAX_MESSAGE_LENGTH) {
            message = message.substring(0, MAX_MESSAGE_LENGTH);
        }
        GroupKey key = new GroupKey(instance, failure.getClass().getName(), message);
        LimitCounter counter = limitCounter(instance);
        synchronized (lock) {
            recorded++;
            Group group = groups.get(key);
            if (group != null) {
                group.count++;
                group.lastSeenMillis = nowMillis;
            } else if (groups.size() < config.maxGroups()) {
                groups.put(key, new Group(failure, nowMillis));
            } else {
                otherCount++;
            }
            if (counter.windowIndex != windowIndex) {
                counter.count = 0;
                counter.windowIndex = windowIndex;
            }
            counter.count++;
        }
    }

    /** Errors of {@code instance} in the current window (as counted for the error limit). */
    public long errorsInWindow(String instance) {
        LimitCounter counter = counters.get(instance);
        return counter == null ? 0 : countOf(counter);
    }

    /** The number of groups buffered now (at most {@code maxGroups}). */
    public int bufferedGroups() {
        synchronized (lock) {
            return groups.size();
        }
    }

    /** Every error recorded since creation (flushed or not). */
    public long recordedCount() {
        synchronized (lock) {
            return recorded;
        }
    }

    /** Reports what is buffered now to the callback; returns the report, or {@code null} when empty. */
    public @Nullable ErrorReport flush() {
        Map<GroupKey, Group> taken;
        long other;
        long startMillis;
        long endMillis = clock.currentTimeMillis();
        synchronized (lock) {
            if (groups.isEmpty() && otherCount == 0) {
                windowStartMillis = endMillis;
                return null;
            }
            taken = groups;
            other = otherCount;
            startMillis = windowStartMillis;
            groups = new HashMap<>();
            otherCount = 0;
            windowStartMillis = endMillis;
        }
        List<ErrorGroup> list = new ArrayList<>(taken.size());
        for (Map.Entry<GroupKey, Group> entry : taken.entrySet()) {
            GroupKey key = entry.getKey();
            Group group = entry.getValue();
            list.add(new ErrorGroup(
                    key.instance(),
                    key.type(),
                    key.message() == null ? null : redaction.redactText(key.message()),
                    group.count,
                    Instant.ofEpochMilli(group.firstSeenMillis),
                    Instant.ofEpochMilli(group.lastSeenMillis),
                    sampleTrace(group.sample)));
        }
        list.sort(Comparator.comparingLong(ErrorGroup::count).reversed());
        ErrorReport report =
                new ErrorReport(Instant.ofEpochMilli(startMillis), Instant.ofEpochMilli(endMillis), list, other);
        try {
            callback.accept(report);
        } catch (RuntimeException | LinkageError e) {
            log.warn("Error report callback failed; the report follows so it is not lost: {}", report.summary(), e);
        }
        return report;
    }

    /** Stops the periodic flush and flushes what is buffered. Idempotent. */
    @Override
    public void close() {
        closed = true;
        Cancellable task = scheduled;
        if (task != null) {
            task.cancel();
        }
        flush();
    }

    // --- error limit -------------------------------------------------------------------------

    LimitCounter limitCounter(String instance) {
        LimitCounter counter = counters.get(instance);
        return counter != null ? counter : counters.computeIfAbsent(instance, name -> new LimitCounter());
    }

    /** Whether {@code counter}'s instance reached the error limit in the current window. */
    boolean limitReached(LimitCounter counter) {
        int limit = config.errorLimit();
        return limit > 0 && countOf(counter) >= limit;
    }

    /** Time until the current window rolls. */
    Duration untilWindowRolls() {
        long now = clock.nanoTime();
        long end = origin + (windowIndex(now) + 1) * windowNanos;
        return Duration.ofNanos(end - now);
    }

    private long countOf(LimitCounter counter) {
        // windowIndex is written after count is reset, so a reader seeing the new index sees the reset
        return counter.windowIndex == windowIndex(clock.nanoTime()) ? counter.count : 0;
    }

    private long windowIndex(long now) {
        return Math.floorDiv(now - origin, windowNanos);
    }

    // --- schedule ----------------------------------------------------------------------------

    private void scheduleNext() {
        if (closed) {
            return;
        }
        long now = clock.nanoTime();
        long delay = origin + (windowIndex(now) + 1) * windowNanos - now;
        try {
            scheduled = scheduler.schedule(this::tick, delay);
        } catch (RuntimeException e) {
            log.warn("Could not schedule the next error report; call flush() or close() to report", e);
        }
    }

    private void tick() {
        if (closed) {
            return;
        }
        try {
            flush();
        } finally {
            scheduleNext();
        }
    }

    private String sampleTrace(Throwable sample) {
        try {
            return formatter.format(sample);
        } catch (RuntimeException | StackOverflowError e) {
            return sample.getClass().getName();
        }
    }

    private static void logReport(ErrorReport report) {
        log.warn("Error report: {}", report.summary());
    }

    private record GroupKey(
            String instance, String type, @Nullable String message) {}

    private static final class Group {
        final Throwable sample;
        final long firstSeenMillis;
        long lastSeenMillis;
        long count = 1;

        Group(Throwable sample, long nowMillis) {
            this.sample = sample;
            this.firstSeenMillis = nowMillis;
            this.lastSeenMillis = nowMillis;
        }
    }

    /** Errors of one instance in one window, written under the aggregator's lock, read without. */
    static final class LimitCounter {
        volatile long windowIndex = Long.MIN_VALUE;
        volatile long count;
    }
}
