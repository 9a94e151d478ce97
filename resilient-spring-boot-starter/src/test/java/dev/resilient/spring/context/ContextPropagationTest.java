package dev.resilient.spring.context;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resilient.spring.Resilient;
import dev.resilient.spring.autoconfigure.ResilientAutoConfiguration;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The caller's MDC and current Observation inside attempts on other threads — a sync attempt under a
 * timeout, an async retry's later attempt, an async fallback method — and nothing of them left on
 * those threads afterwards; through the starter, auto-configured.
 */
class ContextPropagationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class, ResilientAutoConfiguration.class))
            .withPropertyValues(
                    "resilient.defaults.retry.delay=1ms", "resilient.defaults.retry.retry-on=java.io.IOException")
            .withUserConfiguration(Beans.class);

    @AfterEach
    void clearMdc() {
        MDC.clear();
    }

    @Test
    void syncAttemptUnderTimeoutSeesTheCallersMdcAndNothingAfterwards() {
        this.runner.run(context -> {
            Work work = context.getBean(Work.class);
            MDC.put("requestId", "r-1");
            Seen seen = work.timed();
            assertThat(seen.thread()).isNotEqualTo(Thread.currentThread().getName());
            assertThat(seen.requestId()).isEqualTo("r-1");

            MDC.clear();
            assertThat(work.timed().requestId()).isNull();
        });
    }

    @Test
    void asyncRetryAndAsyncFallbackSeeTheCallersMdc() {
        this.runner.run(context -> {
            Work work = context.getBean(Work.class);
            MDC.put("requestId", "r-2");
            Seen retried = work.failsOnceAsync().get();
            assertThat(retried.requestId()).isEqualTo("r-2");
            assertThat(retried.thread()).isNotEqualTo(Thread.currentThread().getName());

            Seen fallback = work.alwaysFailsAsync().get();
            assertThat(fallback.requestId()).isEqualTo("r-2");
        });
    }

    @Test
    void theCurrentObservationInsideTheAttemptIsTheCallsOwnChildOfTheCallers() {
        this.runner
                .withBean(TestObservationRegistry.class, TestObservationRegistry::create)
                .run(context -> {
                    Work work = context.getBean(Work.class);
                    ObservationRegistry registry = context.getBean(ObservationRegistry.class);
                    Observation caller = Observation.start("caller", registry);
                    Observation inside;
                    try (Observation.Scope scope = caller.openScope()) {
                        inside = work.currentObservation();
                    } finally {
                        caller.stop();
                    }
                    assertThat(inside).isNotNull();
                    assertThat(inside.getContext().getName()).isEqualTo("resilient.calls");
                    assertThat(inside.getContext().getParentObservation()).isSameAs(caller);

                    assertThat(work.currentObservation().getContext().getParentObservation())
                            .as("no observation of an earlier caller is left on the executor's threads")
                            .isNull();
                });
    }

    record Seen(String requestId, String thread) {
        static Seen now() {
            return new Seen(MDC.get("requestId"), Thread.currentThread().getName());
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Beans {
        @Bean
        Work work(ObjectProvider<ObservationRegistry> registry) {
            return new Work(registry);
        }
    }

    static class Work {
        private final ObjectProvider<ObservationRegistry> registry;
        private final AtomicInteger calls = new AtomicInteger();

        Work(ObjectProvider<ObservationRegistry> registry) {
            this.registry = registry;
        }

        @Resilient(timeout = "5s", maxAttempts = "1")
        public Seen timed() {
            return Seen.now();
        }

        @Resilient(timeout = "5s", maxAttempts = "1")
        public Observation currentObservation() {
            return this.registry.getObject().getCurrentObservation();
        }

        @Resilient(maxAttempts = "2")
        public CompletableFuture<Seen> failsOnceAsync() {
            if (this.calls.incrementAndGet() % 2 == 1) {
                return CompletableFuture.failedFuture(new IOException("first attempt fails"));
            }
            return CompletableFuture.completedFuture(Seen.now());
        }

        @Resilient(maxAttempts = "1", fallbackMethod = "seenByFallback")
        public CompletableFuture<Seen> alwaysFailsAsync() {
            return CompletableFuture.supplyAsync(() -> {
                throw new IllegalStateException("fails on another thread");
            });
        }

        public CompletableFuture<Seen> seenByFallback(Throwable failure) {
            return CompletableFuture.completedFuture(Seen.now());
        }
    }
}
