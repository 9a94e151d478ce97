package dev.resilient.spring.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resilient.ResilienceRuntime;
import dev.resilient.bulkhead.BulkheadFullException;
import dev.resilient.circuitbreaker.CircuitBreaker;
import dev.resilient.circuitbreaker.CircuitBreakerOpenException;
import dev.resilient.circuitbreaker.CircuitState;
import dev.resilient.pipeline.ResilienceRegistry;
import dev.resilient.ratelimiter.RateLimitedException;
import dev.resilient.retry.RetryExhaustedException;
import dev.resilient.spring.Resilient;
import dev.resilient.spring.ResilientErrorMapper;
import dev.resilient.spring.autoconfigure.ResilientAutoConfiguration;
import dev.resilient.step.PipelineStats;
import dev.resilient.time.Clock;
import dev.resilient.time.ManualTime;
import dev.resilient.timeout.TimeoutExceededException;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;
import reactor.util.context.Context;

/**
 * Mono and Flux methods run as Reactor operators around the method's own publisher, through the
 * auto-configured starter, with time from a manual clock: the subscriber's Context reaches every
 * attempt and the fallback, each attempt subscribes once to the method's publisher, a cancelled
 * subscription stops a waiting retry and the running attempt, a timeout cancels the attempt, and a
 * breaker, bulkhead or rate limiter rejects with the exceptions a synchronous call gets.
 */
class ReactiveOperatorsTest {

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
                    "resilient.defaults.retry.retry-on=java.io.IOException",
                    "resilient.profiles.streaming.flux-mode=stream",
                    "resilient.profiles.queued.bulkhead.max-wait=1s",
                    "resilient.profiles.waiting.rate-limit.limit=1",
                    "resilient.profiles.waiting.rate-limit.period=1s",
                    "resilient.profiles.waiting.rate-limit.max-wait=1s")
            .withUserConfiguration(Beans.class);

    @Test
    void everyAttemptAndTheFallbackSeeTheSubscribersContext() {
        this.runner.run(context -> {
            Source source = context.getBean(Source.class);
            StepVerifier.create(source.tenant().contextWrite(Context.of("tenant", "acme")))
                    .then(() -> this.time.advance(Duration.ofMillis(10)))
                    .then(() -> this.time.advance(Duration.ofMillis(10)))
                    .expectNext("fallback for acme")
                    .verifyComplete();
            assertThat(source.state().tenantsSeen).containsExactly("acme", "acme", "acme");
        });
    }

    @Test
    void aMonoIsInvokedAndSubscribedOncePerAttempt() {
        this.runner.run(context -> {
            Source source = context.getBean(Source.class);
            source.state().failuresLeft.set(2);
            Mono<String> mono = source.mono();
            assertThat(source.state().invocations).hasValue(0);
            StepVerifier.create(mono)
                    .then(() -> this.time.advance(Duration.ofMillis(10)))
                    .then(() -> this.time.advance(Duration.ofMillis(10)))
                    .expectNext("mono ok")
                    .verifyComplete();
            assertThat(source.state().invocations).hasValue(3);
            assertThat(source.state().subscriptions).hasValue(3);
            PipelineStats stats = stats(context.getBean(ResilienceRegistry.class), "Source.mono");
            assertThat(stats.calls()).isEqualTo(1);
            assertThat(stats.retries()).isEqualTo(2);
            assertThat(stats.successes()).isEqualTo(1);
        });
    }

    @Test
    void aMonoWhoseAttemptsRunOutFailsWithItsLastFailureAndTheAttemptsAttached() {
        this.runner.run(context -> {
            Source source = context.getBean(Source.class);
            source.state().failuresLeft.set(5);
            StepVerifier.create(source.mono())
                    .then(() -> this.time.advance(Duration.ofMillis(10)))
                    .then(() -> this.time.advance(Duration.ofMillis(10)))
                    .expectErrorSatisfies(failure -> {
                        assertThat(failure).isExactlyInstanceOf(IOException.class);
                        assertThat(RetryExhaustedException.find(failure)
                                        .orElseThrow()
                                        .attempts())
                                .isEqualTo(3);
                    })
                    .verify();
            assertThat(source.state().subscriptions).hasValue(3);
            assertThat(stats(context.getBean(ResilienceRegistry.class), "Source.mono")
                            .failures())
                    .isEqualTo(1);
        });
    }

    @Test
    void aBufferedFluxIsSubscribedOncePerAttemptAndEmitsOnlyTheAttemptThatSucceeded() {
        this.runner.run(context -> {
            Source source = context.getBean(Source.class);
            source.state().attempts.add(Flux.concat(Flux.just("a"), Flux.error(new IOException("half a stream"))));
            source.state().attempts.add(Flux.just("a", "b"));
            StepVerifier.create(source.buffered())
                    .then(() -> this.time.advance(Duration.ofMillis(10)))
                    .expectNext("a", "b")
                    .verifyComplete();
            assertThat(source.state().subscriptions).hasValue(2);
        });
    }

    @Test
    void aStreamedFluxIsRetriedOnlyBeforeItsFirstElement() {
        this.runner.run(context -> {
            Source source = context.getBean(Source.class);
            source.state().attempts.add(Flux.error(new IOException("before the first element")));
            source.state().attempts.add(Flux.concat(Flux.just("a", "b"), Flux.error(new IOException("after two"))));
            source.state().attempts.add(Flux.just("never"));
            StepVerifier.create(source.streamed())
                    .then(() -> this.time.advance(Duration.ofMillis(10)))
                    .expectNext("a", "b")
                    .expectErrorMessage("after two")
                    .verify();
            assertThat(source.state().subscriptions).hasValue(2);
        });
    }

    @Test
    void cancellingDuringARetryDelayStopsFurtherAttempts() {
        this.runner.run(context -> {
            Source source = context.getBean(Source.class);
            source.state().failuresLeft.set(10);
            Disposable subscription = source.mono().subscribe(value -> {}, failure -> {});
            assertThat(source.state().invocations).hasValue(1);
            assertThat(this.time.pendingTasks()).isEqualTo(1); // the wait before the second attempt
            subscription.dispose();
            assertThat(this.time.pendingTasks()).isZero();
            this.time.advance(Duration.ofSeconds(1));
            assertThat(source.state().invocations).hasValue(1);
            PipelineStats stats = stats(context.getBean(ResilienceRegistry.class), "Source.mono");
            assertThat(stats.calls()).isEqualTo(1);
            assertThat(stats.failures()).isEqualTo(1);
        });
    }

    @Test
    void cancellingDuringAnAttemptCancelsTheMethodsPublisher() {
        this.runner.run(context -> {
            Source source = context.getBean(Source.class);
            Disposable subscription = source.stalled().subscribe();
            assertThat(source.state().subscriptions).hasValue(1);
            subscription.dispose();
            assertThat(source.state().cancellations).hasValue(1);
        });
    }

    @Test
    void aTimeoutCancelsTheAttemptAndFailsWithTimeoutExceeded() {
        this.runner.run(context -> {
            Source source = context.getBean(Source.class);
            StepVerifier.create(source.stalled())
                    .then(() -> this.time.advance(Duration.ofMillis(99)))
                    .then(() -> assertThat(source.state().cancellations).hasValue(0))
                    .then(() -> this.time.advance(Duration.ofMillis(1)))
                    .expectError(TimeoutExceededException.class)
                    .verify();
            assertThat(source.state().cancellations).hasValue(1);
        });
    }

    @Test
    void anOpenCircuitRejectsWithCircuitBreakerOpenException() {
        this.runner.run(context -> {
            Source source = context.getBean(Source.class);
            StepVerifier.create(source.guarded())
                    .expectError(IllegalStateException.class)
                    .verify();
            StepVerifier.create(source.guarded())
                    .expectError(CircuitBreakerOpenException.class)
                    .verify();
            assertThat(source.state().invocations).hasValue(1);
            assertThat(stats(context.getBean(ResilienceRegistry.class), "Source.guarded")
                            .rejections())
                    .isEqualTo(1);
        });
    }

    @Test
    void aFullBulkheadRejectsWithBulkheadFullExceptionAndFreesItsSlotWhenTheAttemptEnds() {
        this.runner.run(context -> {
            Source source = context.getBean(Source.class);
            Sinks.One<String> first = Sinks.one();
            source.state().pending.set(first);
            AtomicReference<String> firstValue = new AtomicReference<>();
            source.bulkheaded().subscribe(firstValue::set);
            StepVerifier.create(source.bulkheaded())
                    .expectError(BulkheadFullException.class)
                    .verify();
            first.tryEmitValue("first");
            assertThat(firstValue).hasValue("first");
            source.state().pending.set(null);
            StepVerifier.create(source.bulkheaded()).expectNext("free").verifyComplete();
        });
    }

    @Test
    void anExhaustedRateLimitRejectsWithRateLimitedException() {
        this.runner.run(context -> {
            Source source = context.getBean(Source.class);
            StepVerifier.create(source.limited()).expectNext("permitted").verifyComplete();
            StepVerifier.create(source.limited())
                    .expectError(RateLimitedException.class)
                    .verify();
        });
    }

    @Test
    void theCallsObservationIsCurrentInsideTheMethodAndCountsTheOutcome() {
        this.runner
                .withBean(TestObservationRegistry.class, TestObservationRegistry::create)
                .run(context -> {
                    Source source = context.getBean(Source.class);
                    StepVerifier.create(source.observed())
                            .then(() -> this.time.advance(Duration.ofMillis(10)))
                            .expectNext("fallback after IOException")
                            .verifyComplete();
                    assertThat(source.state().observationsSeen).first().isEqualTo("resilient.calls");
                    assertThat(source.state().observationsInContext)
                            .containsExactly("resilient.calls", "resilient.calls");
                    TestObservationRegistryAssert.assertThat(context.getBean(TestObservationRegistry.class))
                            .hasObservationWithNameEqualTo("resilient.calls")
                            .that()
                            .hasLowCardinalityKeyValue("name", "Source.observed")
                            .hasLowCardinalityKeyValue("outcome", "fallback")
                            .hasLowCardinalityKeyValue("exception", "IOException")
                            .hasBeenStopped();
                });
    }

    @Test
    void aCancelledAttemptGivesTheBreakersPermissionBackUncounted() {
        this.runner.run(context -> {
            Source source = context.getBean(Source.class);
            source.guardedStall().subscribe().dispose();
            source.guardedStall().subscribe().dispose();
            CircuitBreaker breaker = context.getBean(ResilienceRegistry.class)
                    .find("Source.guardedStall")
                    .orElseThrow()
                    .circuitBreaker()
                    .orElseThrow();
            assertThat(breaker.state()).isEqualTo(CircuitState.CLOSED);
            assertThat(breaker.stats().failed()).isZero();
            assertThat(breaker.stats().total()).isZero();
            assertThat(source.state().cancellations).hasValue(2);
        });
    }

    @Test
    void aQueuedBulkheadWaiterGetsTheSlotWhenTheRunningAttemptEnds() {
        this.runner
                .withPropertyValues("resilient.profiles.queued.bulkhead.max-wait=1s")
                .run(context -> {
                    Source source = context.getBean(Source.class);
                    Sinks.One<String> first = Sinks.one();
                    source.state().pending.set(first);
                    AtomicReference<String> firstValue = new AtomicReference<>();
                    source.queued().subscribe(firstValue::set);
                    source.state().pending.set(null);
                    AtomicReference<String> secondValue = new AtomicReference<>();
                    source.queued().subscribe(secondValue::set);
                    assertThat(secondValue).hasValue(null);
                    first.tryEmitValue("first");
                    assertThat(firstValue).hasValue("first");
                    assertThat(secondValue).hasValue("free");
                });
    }

    @Test
    void aRateLimitWaitIsATimerOnTheRuntimesScheduler() {
        this.runner.run(context -> {
            Source source = context.getBean(Source.class);
            StepVerifier.create(source.waiting()).expectNext("permitted").verifyComplete();
            AtomicReference<String> second = new AtomicReference<>();
            source.waiting().subscribe(second::set);
            assertThat(second).hasValue(null);
            this.time.advance(Duration.ofSeconds(1));
            assertThat(second).hasValue("permitted");
        });
    }

    @Test
    void aSuppressedFailureCompletesEmptyAndAMappedOneFailsWithTheMappersException() {
        this.runner
                .withBean(
                        ResilientErrorMapper.class,
                        () -> (instance, failure) -> failure instanceof UnsupportedOperationException
                                ? new IllegalArgumentException("mapped")
                                : failure)
                .run(context -> {
                    Source source = context.getBean(Source.class);
                    StepVerifier.create(source.suppressed()).verifyComplete();
                    assertThat(stats(context.getBean(ResilienceRegistry.class), "Source.suppressed")
                                    .fallbacks())
                            .isEqualTo(1);
                    StepVerifier.create(source.mapped())
                            .expectErrorSatisfies(failure -> assertThat(failure)
                                    .isExactlyInstanceOf(IllegalArgumentException.class)
                                    .hasMessage("mapped"))
                            .verify();
                });
    }

    private static PipelineStats stats(ResilienceRegistry registry, String name) {
        return registry.find(name).orElseThrow().stats();
    }

    @Configuration(proxyBeanMethods = false)
    static class Beans {
        @Bean
        Source source(ObjectProvider<ObservationRegistry> observations) {
            return new Source(observations);
        }
    }

    /** What the test arranges and observes, reached through a method (the bean is a proxy). */
    static class State {
        final AtomicInteger invocations = new AtomicInteger();
        final AtomicInteger subscriptions = new AtomicInteger();
        final AtomicInteger cancellations = new AtomicInteger();
        final AtomicInteger failuresLeft = new AtomicInteger();
        final List<String> tenantsSeen = new CopyOnWriteArrayList<>();
        final List<String> observationsSeen = new CopyOnWriteArrayList<>();
        final List<String> observationsInContext = new CopyOnWriteArrayList<>();
        final Queue<Flux<String>> attempts = new ConcurrentLinkedQueue<>();
        final AtomicReference<Sinks.One<String>> pending = new AtomicReference<>();
    }

    static class Source {
        private final State state = new State();
        private final ObjectProvider<ObservationRegistry> observations;

        Source(ObjectProvider<ObservationRegistry> observations) {
            this.observations = observations;
        }

        public State state() {
            return this.state;
        }

        /** Every attempt reads the subscriber's Context and fails; so does the fallback, and answers. */
        @Resilient(maxAttempts = "3", fallbackMethod = "tenantFallback")
        public Mono<String> tenant() {
            return Mono.deferContextual(view -> {
                this.state.tenantsSeen.add(view.get("tenant"));
                return Mono.error(new IOException("down for " + view.get("tenant")));
            });
        }

        public Mono<String> tenantFallback(Throwable failure) {
            return Mono.deferContextual(view -> Mono.just("fallback for " + view.get("tenant")));
        }

        @Resilient(maxAttempts = "3")
        public Mono<String> mono() {
            this.state.invocations.incrementAndGet();
            return Mono.defer(() -> this.state.failuresLeft.getAndDecrement() > 0
                            ? Mono.error(new IOException("not yet"))
                            : Mono.just("mono ok"))
                    .doOnSubscribe(s -> this.state.subscriptions.incrementAndGet());
        }

        @Resilient(maxAttempts = "3")
        public Flux<String> buffered() {
            return this.state.attempts.remove().doOnSubscribe(s -> this.state.subscriptions.incrementAndGet());
        }

        @Resilient(value = "streaming", maxAttempts = "3")
        public Flux<String> streamed() {
            return this.state.attempts.remove().doOnSubscribe(s -> this.state.subscriptions.incrementAndGet());
        }

        @Resilient(maxAttempts = "1", timeout = "100ms")
        public Mono<String> stalled() {
            return Mono.<String>never()
                    .doOnSubscribe(s -> this.state.subscriptions.incrementAndGet())
                    .doOnCancel(this.state.cancellations::incrementAndGet);
        }

        @Resilient(maxAttempts = "1", failureThreshold = "1", recoveryTimeout = "1m")
        public Mono<String> guarded() {
            this.state.invocations.incrementAndGet();
            return Mono.error(new IllegalStateException("down"));
        }

        @Resilient(maxAttempts = "1", maxConcurrent = "1")
        public Mono<String> bulkheaded() {
            Sinks.One<String> sink = this.state.pending.get();
            return sink != null ? sink.asMono() : Mono.just("free");
        }

        @Resilient(maxAttempts = "1", failureThreshold = "1", recoveryTimeout = "1m")
        public Mono<String> guardedStall() {
            return Mono.<String>never().doOnCancel(this.state.cancellations::incrementAndGet);
        }

        @Resilient(value = "queued", maxAttempts = "1", maxConcurrent = "1")
        public Mono<String> queued() {
            Sinks.One<String> sink = this.state.pending.get();
            return sink != null ? sink.asMono() : Mono.just("free");
        }

        @Resilient(value = "waiting", maxAttempts = "1")
        public Mono<String> waiting() {
            return Mono.just("permitted");
        }

        @Resilient(maxAttempts = "1", suppress = IllegalStateException.class)
        public Mono<String> suppressed() {
            return Mono.error(new IllegalStateException("swallowed"));
        }

        @Resilient(maxAttempts = "1")
        public Mono<String> mapped() {
            return Mono.error(new UnsupportedOperationException("unmapped"));
        }

        @Resilient(maxAttempts = "1", rateLimit = "1", ratePeriod = "1m")
        public Mono<String> limited() {
            return Mono.just("permitted");
        }

        @Resilient(maxAttempts = "2", fallbackMethod = "observedFallback")
        public Mono<String> observed() {
            Observation current = this.observations.getObject().getCurrentObservation();
            this.state.observationsSeen.add(
                    current == null ? "none" : current.getContext().getName());
            return Mono.deferContextual(view -> {
                Object inContext = view.getOrDefault(ObservationThreadLocalAccessor.KEY, null);
                this.state.observationsInContext.add(
                        inContext instanceof Observation observation
                                ? observation.getContext().getName()
                                : "none");
                return Mono.error(new IOException("down"));
            });
        }

        public Mono<String> observedFallback(Throwable failure) {
            return Mono.just("fallback after " + failure.getClass().getSimpleName());
        }
    }
}
