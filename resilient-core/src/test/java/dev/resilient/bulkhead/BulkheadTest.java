package dev.resilient.bulkhead;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.resilient.time.ManualTime;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class BulkheadTest {

    private final ManualTime time = new ManualTime();

    @Test
    void configValidationNamesTheFieldAndTheValue() {
        assertThatThrownBy(() -> BulkheadConfig.builder().maxConcurrent(0).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxConcurrent must be >= 1 but was 0");
        assertThatThrownBy(() ->
                        BulkheadConfig.builder().maxWait(Duration.ofSeconds(-1)).build())
                .hasMessage("maxWait must be >= 0 but was PT-1S");
        assertThatThrownBy(() -> BulkheadConfig.builder().maxWait(null).build())
                .hasMessage("maxWait must be >= 0 but was null");
        assertThatThrownBy(() ->
                        BulkheadConfig.builder().maxWait(Duration.ofDays(2)).build())
                .hasMessage("maxWait must be <= PT24H but was PT48H");
        BulkheadConfig defaults = BulkheadConfig.ofDefaults();
        assertThat(defaults.maxConcurrent()).isEqualTo(25);
        assertThat(defaults.maxWait()).isZero();
        assertThat(defaults.toBuilder().build()).isEqualTo(defaults).hasSameHashCodeAs(defaults);
    }

    @Test
    void countsActiveRejectedAndTheMostSeenAtOnce() {
        Bulkhead bulkhead =
                Bulkhead.of("db", BulkheadConfig.builder().maxConcurrent(2).build());
        assertThat(bulkhead.tryAcquire()).isTrue();
        assertThat(bulkhead.tryAcquire()).isTrue();
        assertThat(bulkhead.tryAcquire()).isFalse();
        assertThat(bulkhead.activeCalls()).isEqualTo(2);
        assertThat(bulkhead.availablePermits()).isZero();
        bulkhead.release();
        assertThat(bulkhead.availablePermits()).isEqualTo(1);
        assertThat(bulkhead.tryAcquire()).isTrue();
        bulkhead.release();
        bulkhead.release();
        assertThat(bulkhead.activeCalls()).isZero();
        assertThat(bulkhead.availablePermits()).isEqualTo(2);
        assertThat(bulkhead.maxObservedConcurrent()).isEqualTo(2);
        assertThat(bulkhead.rejectedCalls()).isEqualTo(1);
    }

    @Test
    void blockingAcquireGivesUpAfterTheTimeout() throws InterruptedException {
        Bulkhead bulkhead =
                Bulkhead.of("db", BulkheadConfig.builder().maxConcurrent(1).build());
        assertThat(bulkhead.tryAcquire(10, TimeUnit.MILLISECONDS)).isTrue();
        assertThat(bulkhead.tryAcquire(20, TimeUnit.MILLISECONDS)).isFalse();
        assertThat(bulkhead.rejectedCalls()).isEqualTo(1);
    }

    @Test
    void asyncWaitersAreHandedFreedSlotsInOrder() {
        Bulkhead bulkhead =
                Bulkhead.of("db", BulkheadConfig.builder().maxConcurrent(1).build());
        long wait = Duration.ofSeconds(1).toNanos();
        assertThat(bulkhead.acquireAsync(wait, time)).isCompletedWithValue(true);
        CompletableFuture<Boolean> first = bulkhead.acquireAsync(wait, time);
        CompletableFuture<Boolean> second = bulkhead.acquireAsync(wait, time);
        assertThat(first).isNotDone();
        assertThat(bulkhead.queuedAsyncWaiters()).isEqualTo(2);
        bulkhead.release();
        assertThat(first).isCompletedWithValue(true);
        assertThat(second).isNotDone();
        assertThat(bulkhead.availablePermits()).isZero();
        assertThat(bulkhead.activeCalls()).isEqualTo(1);
        bulkhead.release();
        assertThat(second).isCompletedWithValue(true);
        assertThat(time.pendingTasks())
                .as("granted waiters' timers are cancelled")
                .isZero();
        bulkhead.release();
        assertThat(bulkhead.availablePermits()).isEqualTo(1);
        assertThat(bulkhead.activeCalls()).isZero();
    }

    @Test
    void asyncWaitersTimeOutOnTheScheduler() {
        Bulkhead bulkhead =
                Bulkhead.of("db", BulkheadConfig.builder().maxConcurrent(1).build());
        assertThat(bulkhead.acquireAsync(0, time)).isCompletedWithValue(true);
        assertThat(bulkhead.acquireAsync(0, time)).isCompletedWithValue(false);
        CompletableFuture<Boolean> waiter =
                bulkhead.acquireAsync(Duration.ofMillis(100).toNanos(), time);
        time.advance(Duration.ofMillis(99));
        assertThat(waiter).isNotDone();
        time.advance(Duration.ofMillis(1));
        assertThat(waiter).isCompletedWithValue(false);
        assertThat(bulkhead.queuedAsyncWaiters()).isZero();
        assertThat(bulkhead.rejectedCalls()).isEqualTo(2);
        bulkhead.release();
        assertThat(bulkhead.availablePermits()).isEqualTo(1);
    }

    @Test
    void aWithdrawnAsyncWaiterIsSkipped() {
        Bulkhead bulkhead =
                Bulkhead.of("db", BulkheadConfig.builder().maxConcurrent(1).build());
        bulkhead.tryAcquire();
        CompletableFuture<Boolean> withdrawn =
                bulkhead.acquireAsync(Duration.ofSeconds(1).toNanos(), time);
        CompletableFuture<Boolean> next =
                bulkhead.acquireAsync(Duration.ofSeconds(1).toNanos(), time);
        withdrawn.complete(false);
        bulkhead.release();
        assertThat(next).isCompletedWithValue(true);
        assertThat(bulkhead.activeCalls()).isEqualTo(1);
    }

    @Test
    void rejectionMayBeRetried() {
        BulkheadFullException e = new BulkheadFullException("db", 4);
        assertThat(e.retryable()).isTrue();
        assertThat(e.maxConcurrent()).isEqualTo(4);
        assertThat(e.instance()).isEqualTo("db");
        assertThat(e).hasMessage("Bulkhead of 'db' is full: 4 concurrent calls");
    }
}
