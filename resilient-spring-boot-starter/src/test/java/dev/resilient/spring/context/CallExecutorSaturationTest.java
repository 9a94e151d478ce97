package dev.resilient.spring.context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.resilient.pipeline.ResilienceRegistry;
import dev.resilient.spring.Resilient;
import dev.resilient.spring.ResilientConfigurationException;
import dev.resilient.spring.autoconfigure.ResilientAutoConfiguration;
import dev.resilient.step.PipelineStats;
import dev.resilient.timeout.ExecutorSaturatedException;
import dev.resilient.timeout.TimeoutExceededException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.NestedExceptionUtils;

/**
 * 2,000 calls from 32 threads to a timed method whose work ignores interrupts: a caller gets its
 * result, a {@link TimeoutExceededException}, or — when the platform pool has no free thread — an
 * {@link ExecutorSaturatedException}, counted as a rejection and not retried; never a
 * {@code RejectedExecutionException} or anything else. Through the starter with
 * {@code resilient.executor.*}.
 */
class CallExecutorSaturationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class, ResilientAutoConfiguration.class))
            .withUserConfiguration(Beans.class);

    @Test
    void aSaturatedPlatformPoolRejectsWithTheDocumentedTypeOnly() {
        this.runner
                .withPropertyValues("resilient.executor.kind=platform", "resilient.executor.max-threads=16")
                .run(context -> {
                    Map<Class<?>, Integer> outcomes = hammer(context.getBean(Stubborn.class));
                    assertThat(outcomes.keySet())
                            .isSubsetOf(String.class, TimeoutExceededException.class, ExecutorSaturatedException.class);
                    assertThat(outcomes.get(ExecutorSaturatedException.class)).isPositive();

                    PipelineStats stats = context.getBean(ResilienceRegistry.class)
                            .find("Stubborn.work")
                            .orElseThrow()
                            .stats();
                    assertThat(stats.rejections())
                            .as("counted like a bulkhead's rejection")
                            .isEqualTo(outcomes.get(ExecutorSaturatedException.class)
                                    .longValue());
                    assertThat(stats.retries()).as("not retried").isZero();
                });
    }

    @Test
    void virtualThreadsAreNeverSaturated() {
        assumeThat(Runtime.version().feature()).isGreaterThanOrEqualTo(21);
        this.runner.run(context -> {
            Map<Class<?>, Integer> outcomes = hammer(context.getBean(Stubborn.class));
            assertThat(outcomes.keySet()).isSubsetOf(String.class, TimeoutExceededException.class);
        });
    }

    @Test
    void callerRunsRunsTheAttemptOnTheCallersThreadWhenSaturated() throws Exception {
        this.runner
                .withPropertyValues(
                        "resilient.executor.kind=platform",
                        "resilient.executor.max-threads=1",
                        "resilient.executor.when-saturated=caller-runs")
                .run(context -> {
                    Blocking blocking = context.getBean(Blocking.class);
                    ExecutorService other = Executors.newSingleThreadExecutor();
                    try {
                        Future<String> occupying = other.submit(() -> blocking.holdThread());
                        blocking.held().await(10, TimeUnit.SECONDS);
                        assertThat(blocking.where())
                                .isEqualTo(Thread.currentThread().getName());
                        blocking.release().countDown();
                        assertThat(occupying.get(10, TimeUnit.SECONDS)).startsWith("resilient-call-");
                    } finally {
                        other.shutdownNow();
                    }
                });
    }

    @Test
    void aSaturatedAttemptIsNotRetriedAndTheMethodDoesNotRun() throws Exception {
        this.runner
                .withPropertyValues("resilient.executor.kind=platform", "resilient.executor.max-threads=1")
                .run(context -> {
                    Blocking blocking = context.getBean(Blocking.class);
                    ExecutorService other = Executors.newSingleThreadExecutor();
                    try {
                        other.submit(() -> blocking.holdThread());
                        blocking.held().await(10, TimeUnit.SECONDS);
                        int before = blocking.whereCalls().get();
                        assertThatThrownBy(blocking::where).isInstanceOf(ExecutorSaturatedException.class);
                        assertThat(blocking.whereCalls().get()).isEqualTo(before);
                        assertThat(context.getBean(ResilienceRegistry.class)
                                        .find("Blocking.where")
                                        .orElseThrow()
                                        .stats()
                                        .retries())
                                .isZero();
                    } finally {
                        blocking.release().countDown();
                        other.shutdownNow();
                    }
                });
    }

    @Test
    void aBadExecutorSettingFailsTheStartUpNamingTheProperty() {
        this.runner
                .withPropertyValues("resilient.executor.kind=platform", "resilient.executor.max-threads=0")
                .run(context -> assertThat(NestedExceptionUtils.getMostSpecificCause(context.getStartupFailure()))
                        .isInstanceOf(ResilientConfigurationException.class)
                        .hasMessageContaining("resilient.executor.max-threads"));
    }

    @Test
    void virtualThreadsBeforeJdk21FailTheStartUpNamingTheProperty() {
        assumeThat(Runtime.version().feature()).isLessThan(21);
        this.runner.withPropertyValues("resilient.executor.kind=virtual").run(context -> assertThat(
                        NestedExceptionUtils.getMostSpecificCause(context.getStartupFailure()))
                .isInstanceOf(ResilientConfigurationException.class)
                .hasMessageContaining("resilient.executor.kind")
                .hasMessageContaining("JDK 21"));
    }

    private static Map<Class<?>, Integer> hammer(Stubborn stubborn) throws Exception {
        ExecutorService callers = Executors.newFixedThreadPool(32);
        Map<Class<?>, Integer> outcomes = new ConcurrentHashMap<>();
        try {
            List<Future<?>> calls = new ArrayList<>();
            for (int i = 0; i < 2000; i++) {
                calls.add(callers.submit(() -> {
                    Class<?> outcome;
                    try {
                        outcome = stubborn.work().getClass();
                    } catch (Throwable failure) {
                        outcome = failure.getClass();
                    }
                    outcomes.merge(outcome, 1, Integer::sum);
                }));
            }
            for (Future<?> call : calls) {
                call.get(120, TimeUnit.SECONDS);
            }
        } finally {
            callers.shutdownNow();
        }
        assertThat(outcomes.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(2000);
        return outcomes;
    }

    @Configuration(proxyBeanMethods = false)
    static class Beans {
        @Bean
        Stubborn stubborn() {
            return new Stubborn();
        }

        @Bean
        Blocking blocking() {
            return new Blocking();
        }
    }

    static class Stubborn {
        /** 30 ms of work that ignores interruption, under a 20 ms timeout, retried on nothing. */
        @Resilient(timeout = "20ms", maxAttempts = "3", retryOn = java.io.IOException.class)
        public String work() {
            long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(30);
            while (System.nanoTime() < until) {
                LockSupport.parkNanos(1_000_000);
            }
            return "done";
        }
    }

    static class Blocking {
        final CountDownLatch held = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final AtomicInteger whereCalls = new AtomicInteger();

        // fields of a proxied bean are read through methods, which reach the target
        public CountDownLatch held() {
            return this.held;
        }

        public CountDownLatch release() {
            return this.release;
        }

        public AtomicInteger whereCalls() {
            return this.whereCalls;
        }

        @Resilient(timeout = "30s", maxAttempts = "1")
        public String holdThread() throws InterruptedException {
            this.held.countDown();
            this.release.await();
            return Thread.currentThread().getName();
        }

        @Resilient(timeout = "30s", maxAttempts = "3")
        public String where() {
            this.whereCalls.incrementAndGet();
            return Thread.currentThread().getName();
        }
    }
}
