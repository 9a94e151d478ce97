package dev.resilient.spring.interceptor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.resilient.ResilienceRuntime;
import dev.resilient.cache.FailureCachedException;
import dev.resilient.circuitbreaker.CircuitBreakerOpenException;
import dev.resilient.pipeline.ResilienceRegistry;
import dev.resilient.retry.RetryExhaustedException;
import dev.resilient.spring.Resilient;
import dev.resilient.spring.ResilientContextProvider;
import dev.resilient.spring.ResilientErrorMapper;
import dev.resilient.spring.autoconfigure.ResilientAutoConfiguration;
import dev.resilient.step.PipelineStats;
import dev.resilient.time.Clock;
import dev.resilient.time.ManualTime;
import dev.resilient.timeout.TimeoutExceededException;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * {@code @Resilient} on real proxied beans: the advisor and its interceptor, the pipelines built from profiles and the
 * fallback methods, driven by a manual clock so that nothing sleeps.
 */
class ResilientInterceptorTest {

    private final ManualTime time = new ManualTime();

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class, ResilientAutoConfiguration.class))
            .withBean(ManualTime.class, () -> this.time)
            .withBean(Clock.class, () -> this.time)
            .withBean(ResilienceRuntime.class, () -> ResilienceRuntime.manual(this.time))
            .withPropertyValues(
                    "resilient.defaults.retry.delay=10ms",
                    "resilient.defaults.retry.jitter=none",
                    "resilient.defaults.retry.backoff=fixed",
                    "resilient.profiles.two.retry.max-attempts=2",
                    "resilient.profiles.prod-only.active-in=prod",
                    "resilient.profiles.deadline.total-timeout=100ms")
            .withUserConfiguration(Beans.class);

    @Test
    void syncMethodIsRetriedUntilItSucceeds() {
        this.runner.run(context -> {
            Service service = context.getBean(Service.class);
            service.failuresLeft(2);
            assertThat(service.flaky()).isEqualTo("ok");
            assertThat(service.calls()).isEqualTo(3);
            PipelineStats stats = stats(context.getBean(ResilienceRegistry.class), "Service.flaky");
            assertThat(stats.retries()).isEqualTo(2);
            assertThat(stats.successes()).isEqualTo(1);
        });
    }

    @Test
    void pipelinesAreBuiltAtStartUp() {
        this.runner.run(context -> {
            ResilienceRegistry registry = context.getBean(ResilienceRegistry.class);
            assertThat(registry.find("Service.flaky")).isPresent();
            assertThat(registry.find("breaker")).isPresent();
            assertThat(registry.find("Service.flaky").get().retry()).isPresent();
        });
    }

    @Test
    void inlineSettingBeatsProfileWhichBeatsDefaults() {
        this.runner.run(context -> {
            Service service = context.getBean(Service.class);
            // the caller gets the method's last failure; the attempts are attached
            assertThatThrownBy(service::profileTwo)
                    .isExactlyInstanceOf(IllegalStateException.class)
                    .satisfies(e -> assertThat(RetryExhaustedException.find(e)
                                    .orElseThrow()
                                    .attempts())
                            .isEqualTo(2));
            assertThat(service.resetCalls()).isEqualTo(2);
            assertThatThrownBy(service::profileTwoInlineFive).isExactlyInstanceOf(IllegalStateException.class);
            assertThat(service.resetCalls()).isEqualTo(5);
            assertThatThrownBy(service::defaults).isExactlyInstanceOf(IllegalStateException.class);
            assertThat(service.calls()).isEqualTo(3);
        });
    }

    @Test
    void circuitOpensAfterFailuresAndRejectsWithoutCalling() {
        this.runner.run(context -> {
            Service service = context.getBean(Service.class);
            assertThatThrownBy(service::guarded).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(service::guarded).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(service::guarded).isInstanceOf(CircuitBreakerOpenException.class);
            assertThat(service.calls()).isEqualTo(2);
        });
    }

    @Test
    void methodsWithTheSameNameShareOneCircuitAndAFallbackAnswersTheRejection() {
        this.runner.run(context -> {
            Service service = context.getBean(Service.class);
            assertThatThrownBy(service::guarded).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(service::guarded).isInstanceOf(IllegalStateException.class);
            // another method of the same instance: the circuit it shares is open
            assertThat(service.guardedWithFallback()).isEqualTo("fallback after CircuitBreakerOpenException");
            assertThat(service.calls()).isEqualTo(2);
            PipelineStats stats = stats(context.getBean(ResilienceRegistry.class), "breaker");
            assertThat(stats.fallbacks()).isEqualTo(1);
            assertThat(stats.failures()).isEqualTo(2);
            assertThat(stats.calls()).isEqualTo(3);
        });
    }

    @Test
    void mostSpecificFallbackOverloadIsChosenPerFailure() {
        this.runner.run(context -> {
            Service service = context.getBean(Service.class);
            assertThat(service.lookup("missing")).isEqualTo("not found: missing");
            assertThat(service.lookup("io")).isEqualTo("io failure: io");
            assertThat(service.lookup("state")).isEqualTo("plain fallback: state");
            assertThat(service.lookup("fine")).isEqualTo("found fine");
            PipelineStats stats = stats(context.getBean(ResilienceRegistry.class), "Service.lookup");
            assertThat(stats.fallbacks()).isEqualTo(3);
            assertThat(stats.successes()).isEqualTo(1);
        });
    }

    @Test
    void whenConditionOnArgumentsDecidesPerCall() {
        this.runner.run(context -> {
            Service service = context.getBean(Service.class);
            assertThatThrownBy(() -> service.pay(5)).isInstanceOf(IllegalStateException.class);
            assertThat(service.resetCalls()).isEqualTo(1);
            assertThatThrownBy(() -> service.pay(50))
                    .isInstanceOf(IllegalStateException.class)
                    .satisfies(e -> assertThat(RetryExhaustedException.find(e)).isPresent());
            assertThat(service.resetCalls()).isEqualTo(3);
            assertThatThrownBy(() -> service.payByIndex(5)).isInstanceOf(IllegalStateException.class);
            assertThat(service.resetCalls()).isEqualTo(1);
            assertThatThrownBy(() -> service.payByIndex(50))
                    .isInstanceOf(IllegalStateException.class)
                    .satisfies(e -> assertThat(RetryExhaustedException.find(e)).isPresent());
            assertThat(service.calls()).isEqualTo(3);
        });
    }

    @Test
    void activeInDecidesByTheSpringProfiles() {
        this.runner.run(context -> {
            Service service = context.getBean(Service.class);
            assertThatThrownBy(service::prodOnly).isInstanceOf(IllegalStateException.class);
            assertThat(service.calls()).isEqualTo(1);
        });
        this.runner.withPropertyValues("spring.profiles.active=prod").run(context -> {
            Service service = context.getBean(Service.class);
            assertThatThrownBy(service::prodOnly)
                    .isInstanceOf(IllegalStateException.class)
                    .satisfies(e -> assertThat(RetryExhaustedException.find(e)).isPresent());
            assertThat(service.calls()).isEqualTo(3);
        });
    }

    @Test
    void disabledStarterLeavesMethodsAlone() {
        this.runner.withPropertyValues("resilient.enabled=false").run(context -> {
            Service service = context.getBean(Service.class);
            service.failuresLeft(1);
            assertThatThrownBy(service::flaky).isInstanceOf(IllegalStateException.class);
            assertThat(service.calls()).isEqualTo(1);
        });
    }

    @Test
    void completionStageIsRetriedWithoutBlocking() {
        this.runner.run(context -> {
            Service service = context.getBean(Service.class);
            service.failuresLeft(2);
            CompletableFuture<String> future = service.async();
            assertThat(future).isNotDone();
            assertThat(service.calls()).isEqualTo(1);
            this.time.advance(Duration.ofSeconds(1));
            assertThat(future).isNotDone();
            assertThat(service.calls()).isEqualTo(2);
            this.time.advance(Duration.ofSeconds(1));
            assertThat(future).isCompletedWithValue("async ok");
            assertThat(service.calls()).isEqualTo(3);
        });
    }

    @Test
    void totalTimeoutBoundsTheWholeCall() {
        this.runner.run(context -> {
            Service service = context.getBean(Service.class);
            CompletableFuture<String> future = service.stalls();
            this.time.advance(Duration.ofMillis(99));
            assertThat(future).isNotDone();
            this.time.advance(Duration.ofMillis(1));
            assertThat(future).isCompletedExceptionally();
            assertThatThrownBy(future::join).hasCauseInstanceOf(TimeoutExceededException.class);
        });
    }

    @Test
    void asyncFallbackMayReturnAStage() {
        this.runner.run(context -> {
            Service service = context.getBean(Service.class);
            assertThat(service.asyncWithFallback()).isCompletedWithValue("stage fallback: boom");
        });
    }

    @Test
    void monoIsResubscribedPerAttempt() {
        this.runner.run(context -> {
            Service service = context.getBean(Service.class);
            service.failuresLeft(2);
            Mono<String> mono = service.mono();
            assertThat(service.calls()).isZero();
            StepVerifier.create(mono)
                    .then(() -> this.time.advance(Duration.ofMillis(10)))
                    .then(() -> this.time.advance(Duration.ofMillis(10)))
                    .expectNext("mono ok")
                    .verifyComplete();
            assertThat(service.calls()).isEqualTo(3);
        });
    }

    @Test
    void fluxIsRetriedAsAWholeAndNeverReplaysPartOfAStream() {
        this.runner.run(context -> {
            Service service = context.getBean(Service.class);
            service.failuresLeft(1);
            CompletableFuture<List<String>> elements =
                    service.flux().collectList().toFuture();
            assertThat(elements).isNotDone();
            this.time.advance(Duration.ofMillis(10));
            assertThat(elements).isCompletedWithValue(List.of("a", "b"));
            assertThat(service.calls()).isEqualTo(2);
        });
    }

    @Test
    void failureCacheKeyIsComputedBySpel() {
        this.runner.run(context -> {
            Service service = context.getBean(Service.class);
            assertThatThrownBy(() -> service.find("x", 1)).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> service.find("x", 2)).isInstanceOf(FailureCachedException.class);
            assertThat(service.calls()).isEqualTo(1);
            assertThatThrownBy(() -> service.find("y", 1)).isInstanceOf(IllegalStateException.class);
            assertThat(service.calls()).isEqualTo(2);
        });
    }

    @Test
    void suppressedFailureOfAnOptionalMethodIsEmpty() {
        this.runner.run(context -> {
            Service service = context.getBean(Service.class);
            assertThat(service.suppressed()).isEmpty();
        });
    }

    @Test
    void errorMapperBeanMapsFailuresThatAreRethrown() {
        this.runner
                .withBean(
                        ResilientErrorMapper.class,
                        () -> (instance, failure) -> new UnsupportedOperationException(instance, failure))
                .run(context -> {
                    Service service = context.getBean(Service.class);
                    assertThatThrownBy(service::guarded)
                            .isInstanceOf(UnsupportedOperationException.class)
                            .hasMessage("breaker")
                            .hasCauseInstanceOf(IllegalStateException.class);
                    // a failure answered by a fallback method is not mapped
                    assertThat(service.lookup("io")).isEqualTo("io failure: io");
                });
    }

    @Test
    void contextProviderEntriesAreInTheMdcDuringTheCall() {
        this.runner
                .withBean(ResilientContextProvider.class, () -> () -> Map.of("requestId", "r-42"))
                .run(context -> {
                    Service service = context.getBean(Service.class);
                    assertThat(service.mdc("requestId")).isEqualTo("r-42");
                    assertThat(MDC.get("requestId")).isNull();
                });
    }

    @Test
    void observationRegistrySeesEachCall() {
        this.runner
                .withBean(TestObservationRegistry.class, TestObservationRegistry::create)
                .run(context -> {
                    Service service = context.getBean(Service.class);
                    assertThat(service.flaky()).isEqualTo("ok");
                    TestObservationRegistryAssert.assertThat(context.getBean(TestObservationRegistry.class))
                            .hasObservationWithNameEqualTo("resilient.calls")
                            .that()
                            .hasLowCardinalityKeyValue("name", "Service.flaky")
                            .hasLowCardinalityKeyValue("outcome", "success")
                            .hasLowCardinalityKeyValue("exception", "none")
                            .hasBeenStopped();
                });
    }

    private static PipelineStats stats(ResilienceRegistry registry, String name) {
        return registry.find(name).orElseThrow().stats();
    }

    @Configuration(proxyBeanMethods = false)
    static class Beans {

        @Bean
        Service service() {
            return new Service();
        }
    }

    static class Service {

        final AtomicInteger calls = new AtomicInteger();
        final AtomicInteger failuresLeft = new AtomicInteger();

        public void failuresLeft(int failures) {
            this.failuresLeft.set(failures);
        }

        public int calls() {
            return this.calls.get();
        }

        public int resetCalls() {
            return this.calls.getAndSet(0);
        }

        private String failOrReturn(String value) {
            this.calls.incrementAndGet();
            if (this.failuresLeft.getAndDecrement() > 0) {
                throw new IllegalStateException("boom");
            }
            return value;
        }

        private String fail() {
            this.calls.incrementAndGet();
            throw new IllegalStateException("boom");
        }

        @Resilient(maxAttempts = "4")
        public String flaky() {
            return failOrReturn("ok");
        }

        @Resilient("two")
        public String profileTwo() {
            return fail();
        }

        @Resilient(value = "two", maxAttempts = "5")
        public String profileTwoInlineFive() {
            return fail();
        }

        @Resilient
        public String defaults() {
            return fail();
        }

        @Resilient(name = "breaker", maxAttempts = "1", failureThreshold = "2", recoveryTimeout = "1m")
        public String guarded() {
            return fail();
        }

        @Resilient(
                name = "breaker",
                maxAttempts = "1",
                failureThreshold = "2",
                recoveryTimeout = "1m",
                fallbackMethod = "breakerFallback")
        public String guardedWithFallback() {
            return fail();
        }

        public String breakerFallback(Exception failure) {
            return "fallback after " + failure.getClass().getSimpleName();
        }

        @Resilient(maxAttempts = "1", fallbackMethod = "lookupFallback")
        public String lookup(String id) throws IOException {
            switch (id) {
                case "missing" -> throw new FileNotFoundException(id);
                case "io" -> throw new IOException(id);
                case "state" -> throw new IllegalStateException(id);
                default -> {
                    return "found " + id;
                }
            }
        }

        public String lookupFallback(String id, FileNotFoundException failure) {
            return "not found: " + id;
        }

        public String lookupFallback(String id, IOException failure) {
            return "io failure: " + id;
        }

        public String lookupFallback(String id) {
            return "plain fallback: " + id;
        }

        @Resilient(when = "#amount > 10")
        public void pay(int amount) {
            fail();
        }

        @Resilient(when = "#p0 > 10")
        public void payByIndex(int amount) {
            fail();
        }

        @Resilient("prod-only")
        public void prodOnly() {
            fail();
        }

        @Resilient(delay = "1s")
        public CompletableFuture<String> async() {
            try {
                return CompletableFuture.completedFuture(failOrReturn("async ok"));
            } catch (IllegalStateException ex) {
                return CompletableFuture.failedFuture(ex);
            }
        }

        @Resilient("deadline")
        public CompletableFuture<String> stalls() {
            return new CompletableFuture<>();
        }

        @Resilient(maxAttempts = "1", fallbackMethod = "asyncFallback")
        public CompletableFuture<String> asyncWithFallback() {
            return CompletableFuture.failedFuture(new IllegalStateException("boom"));
        }

        public CompletableFuture<String> asyncFallback(Throwable failure) {
            return CompletableFuture.supplyAsync(() -> "stage fallback: " + failure.getMessage(), Runnable::run);
        }

        @Resilient
        public Mono<String> mono() {
            return Mono.fromCallable(() -> failOrReturn("mono ok"));
        }

        @Resilient
        public Flux<String> flux() {
            return Flux.defer(() -> {
                this.calls.incrementAndGet();
                if (this.failuresLeft.getAndDecrement() > 0) {
                    return Flux.just("a").concatWith(Flux.error(new IllegalStateException("half a stream")));
                }
                return Flux.just("a", "b");
            });
        }

        @Resilient(maxAttempts = "1", failureCacheTtl = "1m", failureCacheKey = "#id")
        public String find(String id, int attempt) {
            return fail();
        }

        @Resilient(maxAttempts = "1")
        public String mdc(String key) {
            return MDC.get(key);
        }

        @Resilient(maxAttempts = "1", suppress = IllegalStateException.class)
        public Optional<String> suppressed() {
            fail();
            return Optional.of("never");
        }
    }
}
