package dev.resilient.redis.internal;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether Redis is answering. After a failed or timed-out command the backend counts as down: for
 * the retry interval no command is sent (callers get their {@code on-backend-failure} answer at
 * once, without waiting for a timeout), then one probe command goes through; its success brings the
 * backend up again. The first failure and the recovery are logged. Thread-safe.
 */
public final class BackendHealth {

    private static final Logger log = LoggerFactory.getLogger(BackendHealth.class);

    private final long retryIntervalNanos;
    private final LongSupplier nanoTime;
    private final AtomicBoolean up = new AtomicBoolean(true);
    private final AtomicLong nextProbe = new AtomicLong();
    private final LongAdder failures = new LongAdder();
    private final LongAdder fallbacks = new LongAdder();
    private final AtomicReference<Throwable> lastFailure = new AtomicReference<>();

    public BackendHealth(long retryIntervalNanos, LongSupplier nanoTime) {
        this.retryIntervalNanos = retryIntervalNanos;
        this.nanoTime = nanoTime;
    }

    /** Whether a command may be sent now: the backend is up, or this caller is the next probe. */
    public boolean shouldTry() {
        if (up.get()) {
            return true;
        }
        long now = nanoTime.getAsLong();
        long next = nextProbe.get();
        return now - next >= 0 && nextProbe.compareAndSet(next, now + retryIntervalNanos);
    }

    public void succeeded() {
        if (!up.get() && up.compareAndSet(false, true)) {
            log.info("Redis answers again; shared resilience state is back in use");
        }
    }

    public void failed(Throwable failure) {
        failures.increment();
        lastFailure.set(failure);
        nextProbe.set(nanoTime.getAsLong() + retryIntervalNanos);
        if (up.compareAndSet(true, false)) {
            log.warn(
                    "Redis failed or did not answer in time ({}); shared resilience state falls back to each"
                            + " profile's on-backend-failure until Redis answers again",
                    failure.toString());
        }
    }

    /** Counts a call answered by its {@code on-backend-failure} mode instead of Redis. */
    public void fellBack() {
        fallbacks.increment();
    }

    public boolean up() {
        return up.get();
    }

    public long failures() {
        return failures.sum();
    }

    public long fallbacks() {
        return fallbacks.sum();
    }

    public @Nullable Throwable lastFailure() {
        return lastFailure.get();
    }
}
