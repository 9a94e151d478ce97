package dev.resilient.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class RetryBudgetTest {

    @Test
    void startsFullAndAllowsRetriesWhileMoreThanHalfIsLeft() {
        RetryBudget budget = new RetryBudget(RetryBudgetConfig.ofDefaults());
        assertThat(budget.tokens()).isEqualTo(10.0);
        assertThat(budget.allowsRetry()).isTrue();
        for (int i = 1; i <= 4; i++) {
            assertThat(budget.onFailure()).as("failure %d", i).isTrue(); // 9, 8, 7, 6 left
        }
        assertThat(budget.onFailure()).isFalse(); // 5 left: not more than half
        assertThat(budget.allowsRetry()).isFalse();
        assertThat(budget.tokens()).isEqualTo(5.0);
    }

    @Test
    void neverGoesBelowZeroAndRefillsWithSuccesses() {
        RetryBudget budget = new RetryBudget(RetryBudgetConfig.ofDefaults());
        for (int i = 0; i < 25; i++) {
            budget.onFailure();
        }
        assertThat(budget.tokens()).isZero();
        for (int i = 0; i < 50; i++) {
            budget.onSuccess();
        }
        assertThat(budget.tokens()).isEqualTo(5.0);
        assertThat(budget.allowsRetry()).isFalse();
        budget.onSuccess();
        assertThat(budget.tokens()).isEqualTo(5.1);
        assertThat(budget.allowsRetry()).isTrue();
        for (int i = 0; i < 1_000; i++) {
            budget.onSuccess();
        }
        assertThat(budget.tokens()).isEqualTo(10.0);
        budget.onFailure();
        budget.reset();
        assertThat(budget.tokens()).isEqualTo(10.0);
    }

    @Test
    void customSizeAndRatio() {
        RetryBudget budget = new RetryBudget(
                RetryBudgetConfig.builder().maxTokens(3).tokenRatio(0.5).build());
        assertThat(budget.onFailure()).isTrue(); // 2 > 1.5
        assertThat(budget.onFailure()).isFalse(); // 1
        budget.onSuccess(); // 1.5
        assertThat(budget.allowsRetry()).isFalse();
        budget.onSuccess(); // 2
        assertThat(budget.allowsRetry()).isTrue();
        assertThat(budget.tokens()).isEqualTo(2.0);
    }

    @Test
    void validation() {
        assertThatThrownBy(() -> RetryBudgetConfig.builder().maxTokens(0).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxTokens must be >= 1 but was 0");
        assertThatThrownBy(() -> RetryBudgetConfig.builder().tokenRatio(0).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("tokenRatio must be >= 0.001 and finite but was 0.0");
        assertThatThrownBy(
                        () -> RetryBudgetConfig.builder().tokenRatio(Double.NaN).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("tokenRatio must be >= 0.001 and finite but was NaN");
        assertThatThrownBy(() ->
                        RetryBudgetConfig.builder().maxTokens(2).tokenRatio(3).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("tokenRatio must be <= maxTokens (2) but was 3.0");
    }

    @Test
    void concurrentUpdatesKeepTheTokensInRange() throws Exception {
        RetryBudget budget = new RetryBudget(
                RetryBudgetConfig.builder().maxTokens(20).tokenRatio(0.7).build());
        int threads = 8;
        int operations = 50_000;
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<Double> outOfRange = new AtomicReference<>();
        Thread watcher = new Thread(() -> {
            while (!stop.get()) {
                double tokens = budget.tokens();
                if (tokens < 0 || tokens > 20) {
                    outOfRange.compareAndSet(null, tokens);
                }
            }
        });
        watcher.start();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread worker = new Thread(() -> {
                await(start);
                ThreadLocalRandom random = ThreadLocalRandom.current();
                for (int i = 0; i < operations; i++) {
                    if (random.nextBoolean()) {
                        budget.onSuccess();
                    } else {
                        budget.onFailure();
                    }
                }
            });
            worker.start();
            workers.add(worker);
        }
        start.countDown();
        for (Thread worker : workers) {
            worker.join(TimeUnit.SECONDS.toMillis(10));
            assertThat(worker.isAlive()).isFalse();
        }
        stop.set(true);
        watcher.join();
        assertThat(outOfRange.get()).isNull();
        assertThat(budget.tokens()).isBetween(0.0, 20.0);

        // exact accounting when the bounds are never hit: n failures then n successes of ratio 1
        RetryBudget exact = new RetryBudget(
                RetryBudgetConfig.builder().maxTokens(1_000_000).tokenRatio(1).build());
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> failing = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread worker = new Thread(() -> {
                await(go);
                for (int i = 0; i < 10_000; i++) {
                    exact.onFailure();
                }
            });
            worker.start();
            failing.add(worker);
        }
        go.countDown();
        for (Thread worker : failing) {
            worker.join(TimeUnit.SECONDS.toMillis(10));
        }
        assertThat(exact.tokens()).isEqualTo(1_000_000.0 - threads * 10_000);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
