package dev.resilient.bulkhead;

import dev.resilient.time.Cancellable;
import dev.resilient.time.Scheduler;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The thread-safe state of one bulkhead: at most {@link BulkheadConfig#maxConcurrent()} calls hold
 * a slot at a time. Built on a fair {@link Semaphore}: blocking callers wait in arrival order.
 * Asynchronous callers never block: {@link #acquireAsync(long, Scheduler)} queues them, and
 * {@link #release()} hands a freed slot straight to the oldest queued asynchronous waiter (before
 * blocked threads), or a scheduled timeout turns it away.
 *
 * <p>Every successful acquire must be paired with exactly one {@link #release()}.
 */
public final class Bulkhead {

    private final String name;
    private final BulkheadConfig config;
    private final Semaphore semaphore;
    private final ConcurrentLinkedQueue<CompletableFuture<Boolean>> asyncWaiters = new ConcurrentLinkedQueue<>();
    private final AtomicInteger active = new AtomicInteger();
    private final AtomicInteger maxObserved = new AtomicInteger();
    private final LongAdder rejected = new LongAdder();

    private Bulkhead(String name, BulkheadConfig config) {
        this.name = Objects.requireNonNull(name, "name");
        this.config = Objects.requireNonNull(config, "config");
        this.semaphore = new Semaphore(config.maxConcurrent(), true);
    }

    public static Bulkhead of(String name, BulkheadConfig config) {
        return new Bulkhead(name, config);
    }

    public String name() {
        return name;
    }

    public BulkheadConfig config() {
        return config;
    }

    /** Takes a slot if one is free now; otherwise counts a rejection. */
    public boolean tryAcquire() {
        if (semaphore.tryAcquire()) {
            acquired();
            return true;
        }
        rejected.increment();
        return false;
    }

    /**
     * Takes a slot, blocking the calling thread up to {@code timeout} (fairly, in arrival order);
     * counts a rejection when none frees in time.
     *
     * @throws InterruptedException if the thread is interrupted while waiting; no slot is taken
     */
    public boolean tryAcquire(long timeout, TimeUnit unit) throws InterruptedException {
        if (semaphore.tryAcquire(timeout, unit)) {
            acquired();
            return true;
        }
        rejected.increment();
        return false;
    }

    /**
     * Takes a slot without blocking: the future is complete with {@code true} at once if one is free;
     * otherwise, when {@code maxWaitNanos > 0}, it completes with {@code true} once a release hands
     * this caller a slot, or with {@code false} (a rejection) after {@code maxWaitNanos} on
     * {@code scheduler}. A later completion runs on the releasing or the scheduler thread, so
     * dependents should hand real work to an executor. Completing the future with {@code false}
     * yourself withdraws the request.
     */
    public CompletableFuture<Boolean> acquireAsync(long maxWaitNanos, Scheduler scheduler) {
        if (semaphore.tryAcquire()) {
            acquired();
            return CompletableFuture.completedFuture(Boolean.TRUE);
        }
        if (maxWaitNanos <= 0) {
            rejected.increment();
            return CompletableFuture.completedFuture(Boolean.FALSE);
        }
        CompletableFuture<Boolean> waiter = new CompletableFuture<>();
        asyncWaiters.add(waiter);
        // a slot may have gone back to the semaphore between the first try and joining the queue
        if (semaphore.tryAcquire()) {
            acquired();
            if (waiter.complete(Boolean.TRUE)) {
                asyncWaiters.remove(waiter);
                return waiter;
            }
            // a release handed this waiter a slot meanwhile (or it was withdrawn): return the extra
            releaseSlot();
            return waiter;
        }
        Cancellable timer = scheduler.schedule(
                () -> {
                    if (waiter.complete(Boolean.FALSE)) {
                        rejected.increment();
                    }
                },
                maxWaitNanos);
        waiter.whenComplete((granted, failure) -> {
            if (Boolean.TRUE.equals(granted)) {
                timer.cancel();
            } else {
                asyncWaiters.remove(waiter);
            }
        });
        return waiter;
    }

    /** Gives a slot back: to the oldest queued asynchronous waiter, else to the semaphore. */
    public void release() {
        releaseSlot();
    }

    private void releaseSlot() {
        active.decrementAndGet();
        CompletableFuture<Boolean> waiter;
        while ((waiter = asyncWaiters.poll()) != null) {
            acquired();
            if (waiter.complete(Boolean.TRUE)) {
                return;
            }
            active.decrementAndGet();
        }
        semaphore.release();
    }

    private void acquired() {
        int now = active.incrementAndGet();
        if (now > maxObserved.get()) {
            maxObserved.accumulateAndGet(now, Math::max);
        }
    }

    /** Slots free now. */
    public int availablePermits() {
        return semaphore.availablePermits();
    }

    /** Calls holding a slot now. */
    public int activeCalls() {
        return Math.max(0, active.get());
    }

    /** The most calls seen holding a slot at once. */
    public int maxObservedConcurrent() {
        return maxObserved.get();
    }

    /** Calls turned away so far. */
    public long rejectedCalls() {
        return rejected.sum();
    }

    /** Asynchronous callers waiting for a slot (approximate). */
    public int queuedAsyncWaiters() {
        return asyncWaiters.size();
    }

    @Override
    public String toString() {
        return "Bulkhead{name=" + name + ", active=" + activeCalls() + ", " + config + '}';
    }
}
