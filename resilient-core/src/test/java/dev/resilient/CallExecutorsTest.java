package dev.resilient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The call executors: no thread inherits anything from a caller; a full platform pool refuses at once. */
class CallExecutorsTest {

    private static final InheritableThreadLocal<String> CALLER = new InheritableThreadLocal<>();

    @Test
    void platformThreadsCarryNoInheritableValueOfTheCallerThatCreatedThem() throws Exception {
        ExecutorService executor = CallExecutors.platform(1);
        try {
            assertSecondCallerSeesNothingOfTheFirst(executor);
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    void virtualThreadsCarryNoInheritableValueEither() throws Exception {
        assumeThat(Runtime.version().feature()).isGreaterThanOrEqualTo(21);
        ExecutorService executor = CallExecutors.virtual();
        try {
            assertSecondCallerSeesNothingOfTheFirst(executor);
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    void theDefaultKindIsVirtualOnJdk21AndPlatformBefore() {
        assertThat(CallExecutors.defaultKind())
                .isEqualTo(
                        Runtime.version().feature() >= 21 ? CallExecutors.Kind.VIRTUAL : CallExecutors.Kind.PLATFORM);
    }

    @Test
    void virtualThreadsOnAJdkWithoutThemIsAClearError() {
        assumeThat(Runtime.version().feature()).isLessThan(21);
        assertThatThrownBy(CallExecutors::virtual)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("JDK 21");
    }

    @Test
    void aBadPoolSizeIsRejected() {
        assertThatThrownBy(() -> CallExecutors.platform(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxThreads must be > 0 but was 0");
    }

    @Test
    void aFullPoolRefusesAtOnceAndAFinishedTaskNeverBlocksTheNext() throws Exception {
        ExecutorService executor = CallExecutors.platform(1);
        try {
            // a caller that got its result may call again at once: its finished task holds no thread
            for (int i = 0; i < 2000; i++) {
                assertThat(executor.submit(() -> "ok").get(10, TimeUnit.SECONDS))
                        .isEqualTo("ok");
            }
            CountDownLatch release = new CountDownLatch(1);
            Future<?> busy = executor.submit(() -> {
                release.await();
                return null;
            });
            assertThatThrownBy(() -> executor.submit(() -> "refused")).isInstanceOf(RejectedExecutionException.class);
            busy.cancel(true);
            release.countDown();
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    void anIdleThreadTakesTheNextTaskRatherThanANewThreadStarting() throws Exception {
        ExecutorService executor = CallExecutors.platform(256);
        try {
            java.util.Set<String> threads = java.util.concurrent.ConcurrentHashMap.newKeySet();
            for (int i = 0; i < 500; i++) {
                executor.submit(() -> threads.add(Thread.currentThread().getName()))
                        .get(10, TimeUnit.SECONDS);
            }
            assertThat(threads)
                    .as("threads used by calls made one after another")
                    .hasSize(1);
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    void busyThreadsAreNotWaitedForWhileThePoolMayGrow() throws Exception {
        int busy = 8;
        ExecutorService executor = CallExecutors.platform(busy);
        try {
            CountDownLatch allRunning = new CountDownLatch(busy);
            CountDownLatch release = new CountDownLatch(1);
            java.util.List<Future<?>> tasks = new java.util.ArrayList<>();
            for (int i = 0; i < busy; i++) {
                tasks.add(executor.submit(() -> {
                    allRunning.countDown();
                    release.await();
                    return null;
                }));
            }
            // each task got a thread of its own at once: none waits behind another
            assertThat(allRunning.await(10, TimeUnit.SECONDS)).isTrue();
            release.countDown();
            for (Future<?> task : tasks) {
                task.get(10, TimeUnit.SECONDS);
            }
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    void manyCallersNeverExceedTheBoundAndNeverGetRefusedBelowIt() throws Exception {
        int bound = 16;
        ExecutorService executor = CallExecutors.platform(bound);
        ExecutorService callers = java.util.concurrent.Executors.newFixedThreadPool(bound);
        try {
            java.util.concurrent.atomic.AtomicInteger running = new java.util.concurrent.atomic.AtomicInteger();
            java.util.concurrent.atomic.AtomicInteger most = new java.util.concurrent.atomic.AtomicInteger();
            java.util.List<Future<Integer>> results = new java.util.ArrayList<>();
            for (int c = 0; c < bound; c++) {
                results.add(callers.submit(() -> {
                    int done = 0;
                    for (int i = 0; i < 500; i++) {
                        // one call at a time per caller: at most `bound` in flight, so never refused
                        executor.submit(() -> {
                                    most.accumulateAndGet(running.incrementAndGet(), Math::max);
                                    running.decrementAndGet();
                                })
                                .get(10, TimeUnit.SECONDS);
                        done++;
                    }
                    return done;
                }));
            }
            for (Future<Integer> result : results) {
                assertThat(result.get(60, TimeUnit.SECONDS)).isEqualTo(500);
            }
            assertThat(most.get()).isLessThanOrEqualTo(bound);
        } finally {
            callers.shutdownNow();
            executor.shutdownNow();
        }
    }

    @Test
    void aCancelledTaskThatIgnoresInterruptsKeepsItsThreadUntilItEnds() throws Exception {
        ExecutorService executor = CallExecutors.platform(1);
        try {
            CountDownLatch started = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            Future<?> stubborn = executor.submit(() -> {
                started.countDown();
                while (release.getCount() > 0) {
                    Thread.onSpinWait(); // ignores interruption
                }
            });
            started.await(10, TimeUnit.SECONDS);
            stubborn.cancel(true);
            assertThatThrownBy(() -> executor.submit(() -> "refused")).isInstanceOf(RejectedExecutionException.class);
            release.countDown();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            Future<String> next = null;
            while (next == null && System.nanoTime() < deadline) {
                try {
                    next = executor.submit(() -> "accepted");
                } catch (RejectedExecutionException stillRunning) {
                    Thread.onSpinWait();
                }
            }
            assertThat(next).isNotNull();
            assertThat(next.get(10, TimeUnit.SECONDS)).isEqualTo("accepted");
        } finally {
            executor.shutdownNow();
        }
    }

    /** Caller "alice" makes the executor create its thread; caller "bob" (without a value) runs next. */
    private static void assertSecondCallerSeesNothingOfTheFirst(ExecutorService executor) throws Exception {
        AtomicReference<String> seenByAlice = new AtomicReference<>();
        AtomicReference<String> seenByBob = new AtomicReference<>("unset");
        Thread alice = new Thread(() -> {
            CALLER.set("alice");
            try {
                seenByAlice.set(executor.submit(CALLER::get).get());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        alice.start();
        alice.join();
        Thread bob = new Thread(() -> {
            try {
                seenByBob.set(executor.submit(CALLER::get).get());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        bob.start();
        bob.join();
        assertThat(seenByAlice.get())
                .as("not even the creator's own value is inherited")
                .isNull();
        assertThat(seenByBob.get()).isNull();
    }
}
