package dev.resilient.circuitbreaker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.resilient.CallNotPermittedException;
import dev.resilient.ResilienceRuntime;
import dev.resilient.circuitbreaker.internal.BreakerState;
import dev.resilient.event.EventType;
import dev.resilient.event.ResilienceEvent;
import dev.resilient.step.StepContext;
import dev.resilient.time.ManualTime;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class CircuitBreakerTest {

    private static final long FAST = Duration.ofMillis(10).toNanos();
    private static final long SLOW = Duration.ofSeconds(2).toNanos();

    private final ManualTime time = new ManualTime();
    private final ResilienceRuntime runtime = ResilienceRuntime.manual(time);

    private CircuitBreaker breaker(CircuitBreakerConfig.Builder config) {
        return CircuitBreaker.of("test", config.build(), runtime);
    }

    private static CircuitBreakerConfig.Builder config() {
        return CircuitBreakerConfig.builder();
    }

    private static CircuitBreakerConfig.Builder rateOnly() {
        return config().failureThreshold(0);
    }

    private static void succeed(CircuitBreaker cb) {
        assertThat(cb.tryAcquirePermission()).as("permission").isTrue();
        cb.onSuccess(FAST);
    }

    private static void fail(CircuitBreaker cb) {
        fail(cb, new IOException("down"));
    }

    private static void fail(CircuitBreaker cb, Throwable failure) {
        assertThat(cb.tryAcquirePermission()).as("permission").isTrue();
        cb.onError(FAST, failure);
    }

    private void openAndWaitForRecovery(CircuitBreaker cb) {
        cb.transitionToOpen();
        time.advance(cb.config().recoveryTimeout());
    }

    // ---- opening ----------------------------------------------------------------------------------

    @Test
    void opensAfterConsecutiveFailuresOnly() {
        CircuitBreaker cb = breaker(config().failureThreshold(3));
        fail(cb);
        fail(cb);
        succeed(cb); // breaks the streak
        fail(cb);
        fail(cb);
        assertThat(cb.state()).isEqualTo(CircuitState.CLOSED);
        assertThat(cb.stats().consecutiveFailures()).isEqualTo(2);
        fail(cb);
        assertThat(cb.state()).isEqualTo(CircuitState.OPEN);
        assertThat(cb.tryAcquirePermission()).isFalse();
        CircuitBreakerStats stats = cb.stats();
        assertThat(stats.total()).isEqualTo(6);
        assertThat(stats.failed()).isEqualTo(5);
        assertThat(stats.successful()).isEqualTo(1);
        assertThat(stats.rejected()).isEqualTo(1);
        assertThat(stats.stateTransitions()).isEqualTo(1);
    }

    @Test
    void failureRateOpensOnlyOnceTheMinimumNumberOfCallsIsSeen() {
        CircuitBreaker cb = breaker(
                rateOnly().failureRateThreshold(50).slidingWindowSize(10).minimumNumberOfCalls(4));
        fail(cb);
        fail(cb);
        fail(cb);
        assertThat(cb.state()).as("100%% failures but only 3 calls").isEqualTo(CircuitState.CLOSED);
        assertThat(cb.stats().failureRate()).isEqualTo(100.0);
        succeed(cb);
        assertThat(cb.state()).as("75%% over 4 calls").isEqualTo(CircuitState.OPEN);
    }

    @Test
    void failureRateBelowTheThresholdKeepsTheCircuitClosed() {
        CircuitBreaker cb = breaker(
                rateOnly().failureRateThreshold(50).slidingWindowSize(10).minimumNumberOfCalls(4));
        for (int i = 0; i < 3; i++) {
            succeed(cb);
        }
        fail(cb);
        fail(cb);
        assertThat(cb.state()).as("40%%").isEqualTo(CircuitState.CLOSED);
        fail(cb);
        assertThat(cb.state()).as("50%%").isEqualTo(CircuitState.OPEN);
    }

    @Test
    void countBasedWindowForgetsTheOldestCall() {
        CircuitBreaker cb = breaker(rateOnly().failureRateThreshold(50).slidingWindowSize(4));
        fail(cb);
        succeed(cb);
        succeed(cb);
        succeed(cb);
        assertThat(cb.stats().failureRate()).isEqualTo(25.0);
        succeed(cb); // evicts the failure
        assertThat(cb.stats().failureRate()).isZero();
        assertThat(cb.stats().bufferedCalls()).isEqualTo(4);
        fail(cb);
        assertThat(cb.state()).isEqualTo(CircuitState.CLOSED);
        fail(cb);
        assertThat(cb.state()).as("[S, S, F, F]").isEqualTo(CircuitState.OPEN);
    }

    @Test
    void slowCallRateOpensTheCircuit() {
        CircuitBreaker cb = breaker(rateOnly()
                .slowCallRateThreshold(50)
                .slowCallDurationThreshold(Duration.ofSeconds(1))
                .slidingWindowSize(4));
        cb.tryAcquirePermission();
        cb.onSuccess(SLOW);
        cb.tryAcquirePermission();
        cb.onError(SLOW, new IOException("slow and failed"));
        succeed(cb);
        assertThat(cb.state()).as("3 calls, below the minimum").isEqualTo(CircuitState.CLOSED);
        assertThat(cb.stats().slowCallRate()).isCloseTo(66.67, org.assertj.core.data.Offset.offset(0.01));
        succeed(cb);
        assertThat(cb.state()).as("2 of 4 slow").isEqualTo(CircuitState.OPEN);
        assertThat(cb.stats().slow()).isEqualTo(2);
        assertThat(cb.stats().slowCallRate())
                .as("the last window is kept while open")
                .isEqualTo(50.0);
    }

    @Test
    void slowCallsAreCountedEvenWhenTheSlowRateIsOff() {
        CircuitBreaker cb = breaker(config().slowCallDurationThreshold(Duration.ofSeconds(1)));
        cb.tryAcquirePermission();
        cb.onSuccess(SLOW);
        assertThat(cb.stats().slow()).isEqualTo(1);
        assertThat(cb.state()).isEqualTo(CircuitState.CLOSED);
    }

    @Test
    void timeBasedWindowExpiresOldBuckets() {
        CircuitBreaker cb = breaker(rateOnly()
                .failureRateThreshold(50)
                .slidingWindow(SlidingWindowType.TIME_BASED, 10)
                .minimumNumberOfCalls(4));
        fail(cb);
        fail(cb);
        time.advance(Duration.ofSeconds(9));
        succeed(cb);
        assertThat(cb.stats().bufferedCalls()).isEqualTo(3);
        time.advance(Duration.ofSeconds(1)); // the failures' second falls out of the window
        assertThat(cb.stats().bufferedCalls()).isEqualTo(1);
        assertThat(cb.stats().failureRate()).isZero();
        succeed(cb);
        fail(cb);
        assertThat(cb.state()).as("3 calls").isEqualTo(CircuitState.CLOSED);
        fail(cb);
        assertThat(cb.state()).as("[S, S, F, F] within 10 s").isEqualTo(CircuitState.OPEN);
    }

    @Test
    void timeBasedWindowForgetsEverythingAfterALongPause() {
        CircuitBreaker cb = breaker(rateOnly()
                .failureRateThreshold(50)
                .slidingWindow(SlidingWindowType.TIME_BASED, 5)
                .minimumNumberOfCalls(3));
        fail(cb);
        fail(cb);
        time.advance(Duration.ofHours(3));
        assertThat(cb.stats().bufferedCalls()).isZero();
        succeed(cb);
        succeed(cb);
        fail(cb);
        assertThat(cb.state()).as("33%% of the recent calls").isEqualTo(CircuitState.CLOSED);
    }

    // ---- open, half-open and back ----------------------------------------------------------------

    @Test
    void recoveryTimeoutMovesToHalfOpenOnTheNextPermissionRequest() {
        CircuitBreaker cb = breaker(config().failureThreshold(1).recoveryTimeout(Duration.ofSeconds(30)));
        fail(cb);
        assertThat(cb.remainingOpenNanos()).isEqualTo(Duration.ofSeconds(30).toNanos());
        time.advance(Duration.ofSeconds(29));
        assertThat(cb.tryAcquirePermission()).isFalse();
        assertThat(cb.remainingOpenNanos()).isEqualTo(Duration.ofSeconds(1).toNanos());
        time.advance(Duration.ofSeconds(1));
        assertThat(cb.state()).as("lazily, no timer").isEqualTo(CircuitState.OPEN);
        assertThat(cb.remainingOpenNanos()).isZero();
        assertThat(cb.tryAcquirePermission()).isTrue();
        assertThat(cb.state()).isEqualTo(CircuitState.HALF_OPEN);
        assertThat(time.pendingTasks()).isZero();
    }

    @Test
    void halfOpenGrantsNoMoreThanTheTrialCalls() {
        CircuitBreaker cb = breaker(config().halfOpenRequests(2).successThreshold(2));
        openAndWaitForRecovery(cb);
        assertThat(cb.tryAcquirePermission()).isTrue();
        assertThat(cb.tryAcquirePermission()).isTrue();
        assertThat(cb.tryAcquirePermission()).isFalse();
        assertThatThrownBy(cb::acquirePermission).isInstanceOfSatisfying(CircuitBreakerOpenException.class, e -> {
            assertThat(e.state()).isEqualTo(CircuitState.HALF_OPEN);
            assertThat(e.remainingOpen()).isZero();
            assertThat(e.getMessage())
                    .isEqualTo("Circuit breaker 'test' is HALF_OPEN and all its trial calls "
                            + "are taken; calls are not permitted until they complete");
        });
        cb.releasePermission(); // one trial was not used after all
        assertThat(cb.tryAcquirePermission()).isTrue();
        assertThat(cb.tryAcquirePermission()).isFalse();
        assertThat(cb.stats().rejected()).isEqualTo(3);
    }

    @Test
    void successThresholdClosesTheCircuitWithAFreshWindow() {
        CircuitBreaker cb =
                breaker(config().failureThreshold(2).halfOpenRequests(3).successThreshold(2));
        fail(cb);
        fail(cb);
        time.advance(Duration.ofSeconds(30));
        assertThat(cb.tryAcquirePermission()).isTrue();
        assertThat(cb.tryAcquirePermission()).isTrue();
        cb.onSuccess(FAST);
        assertThat(cb.state()).isEqualTo(CircuitState.HALF_OPEN);
        cb.onSuccess(FAST);
        assertThat(cb.state()).isEqualTo(CircuitState.CLOSED);
        assertThat(cb.stats().bufferedCalls()).isZero();
        assertThat(cb.stats().consecutiveFailures()).isZero();
        fail(cb);
        assertThat(cb.state()).as("one failure of a new streak").isEqualTo(CircuitState.CLOSED);
        assertThat(cb.stats().stateTransitions()).isEqualTo(3);
    }

    @Test
    void anyFailedTrialReopensForAFullRecoveryTimeout() {
        CircuitBreaker cb = breaker(config().halfOpenRequests(3).successThreshold(3));
        openAndWaitForRecovery(cb);
        succeed(cb);
        succeed(cb);
        fail(cb);
        assertThat(cb.state()).isEqualTo(CircuitState.OPEN);
        assertThat(cb.remainingOpenNanos()).isEqualTo(Duration.ofSeconds(30).toNanos());
        assertThat(cb.tryAcquirePermission()).isFalse();
    }

    @Test
    void aSlowTrialCountsAsFailedWhenTheSlowRateIsOn() {
        CircuitBreaker cb =
                breaker(config().slowCallRateThreshold(50).slowCallDurationThreshold(Duration.ofSeconds(1)));
        openAndWaitForRecovery(cb);
        assertThat(cb.tryAcquirePermission()).isTrue();
        cb.onSuccess(SLOW);
        assertThat(cb.state()).isEqualTo(CircuitState.OPEN);
    }

    @Test
    void outcomesOfAnEarlierPeriodDoNotCountAsTrials() {
        CircuitBreaker cb = breaker(config().failureThreshold(1));
        BreakerState closedPermit = cb.tryAcquire();
        fail(cb);
        time.advance(Duration.ofSeconds(30));
        BreakerState trial = cb.tryAcquire();
        assertThat(trial.state()).isEqualTo(CircuitState.HALF_OPEN);
        cb.onSuccess(closedPermit, FAST); // a call from before the circuit opened finishes late
        assertThat(cb.state()).isEqualTo(CircuitState.HALF_OPEN);
        cb.release(closedPermit);
        assertThat(cb.tryAcquirePermission())
                .as("the late release gave no trial back")
                .isFalse();
        cb.onSuccess(trial, FAST);
        assertThat(cb.state()).isEqualTo(CircuitState.CLOSED);
        cb.onError(trial, FAST, new IOException("late trial failure"));
        assertThat(cb.state()).as("a finished period cannot re-open").isEqualTo(CircuitState.CLOSED);
    }

    // ---- manual control ---------------------------------------------------------------------------

    @Test
    void forcedOpenRejectsUntilClosedByHand() {
        CircuitBreaker cb = breaker(config());
        cb.forceOpen();
        time.advance(Duration.ofDays(1));
        assertThat(cb.tryAcquirePermission()).isFalse();
        assertThat(cb.state()).isEqualTo(CircuitState.FORCED_OPEN);
        assertThat(cb.remainingOpenNanos()).isEqualTo(Long.MAX_VALUE);
        assertThatThrownBy(cb::acquirePermission).isInstanceOfSatisfying(CircuitBreakerOpenException.class, e -> {
            assertThat(e.state()).isEqualTo(CircuitState.FORCED_OPEN);
            assertThat(e.remainingOpen()).isEqualTo(CircuitBreakerOpenException.INDEFINITE);
            assertThat(e.getMessage())
                    .isEqualTo(
                            "Circuit breaker 'test' is FORCED_OPEN; calls are not permitted until it is closed, reset or disabled");
        });
        cb.close();
        assertThat(cb.state()).isEqualTo(CircuitState.CLOSED);
        succeed(cb);
    }

    @Test
    void disabledPermitsEverythingAndNeverOpens() {
        CircuitBreaker cb = breaker(config().failureThreshold(1));
        cb.disable();
        for (int i = 0; i < 10; i++) {
            fail(cb);
        }
        assertThat(cb.state()).isEqualTo(CircuitState.DISABLED);
        assertThat(cb.stats().failed()).isEqualTo(10);
        assertThat(cb.stats().bufferedCalls()).isZero();
        assertThat(cb.remainingOpenNanos()).isZero();
        cb.transitionToClosed();
        fail(cb);
        assertThat(cb.state()).isEqualTo(CircuitState.OPEN);
    }

    @Test
    void resetClosesWithFreshCounters() {
        CircuitBreaker cb = breaker(config().failureThreshold(2));
        fail(cb);
        fail(cb);
        cb.tryAcquirePermission();
        cb.reset();
        CircuitBreakerStats stats = cb.stats();
        assertThat(stats.state()).isEqualTo(CircuitState.CLOSED);
        assertThat(stats.total()).isZero();
        assertThat(stats.failed()).isZero();
        assertThat(stats.rejected()).isZero();
        assertThat(stats.bufferedCalls()).isZero();
        assertThat(stats.stateTransitions()).as("OPEN->CLOSED by the reset").isEqualTo(1);
        fail(cb);
        assertThat(cb.state()).isEqualTo(CircuitState.CLOSED);
    }

    @Test
    void manualTransitionsToTheCurrentStateDoNothing() {
        CircuitBreaker cb = breaker(config());
        List<String> changes = new CopyOnWriteArrayList<>();
        cb.onStateChange((b, from, to) -> changes.add(from + "->" + to));
        cb.close();
        cb.forceOpen();
        cb.forceOpen();
        cb.disable();
        cb.disable();
        cb.transitionToOpen();
        assertThat(changes).containsExactly("CLOSED->FORCED_OPEN", "FORCED_OPEN->DISABLED", "DISABLED->OPEN");
    }

    // ---- classification ---------------------------------------------------------------------------

    @Test
    void ignoredFailuresCountNeitherWayAndWinOverRecordOn() {
        CircuitBreaker cb = breaker(
                config().failureThreshold(2).recordOn(IOException.class).ignoreOn(java.io.FileNotFoundException.class));
        fail(cb);
        fail(cb, new java.io.FileNotFoundException("ignored"));
        assertThat(cb.stats().consecutiveFailures())
                .as("the streak is untouched")
                .isEqualTo(1);
        assertThat(cb.stats().ignored()).isEqualTo(1);
        assertThat(cb.stats().total()).isEqualTo(1);
        assertThat(cb.stats().bufferedCalls()).isEqualTo(1);
        fail(cb);
        assertThat(cb.state()).isEqualTo(CircuitState.OPEN);
    }

    @Test
    void anIgnoredTrialGivesItsPermissionBack() {
        CircuitBreaker cb = breaker(config().ignoreOn(IllegalStateException.class));
        openAndWaitForRecovery(cb);
        fail(cb, new IllegalStateException("ignored"));
        assertThat(cb.state()).isEqualTo(CircuitState.HALF_OPEN);
        succeed(cb);
        assertThat(cb.state()).isEqualTo(CircuitState.CLOSED);
    }

    @Test
    void failuresThatAreNotRecordedCountAsSuccesses() {
        CircuitBreaker cb = breaker(
                config().failureThreshold(2).recordOn(IOException.class).recordIf(t -> !String.valueOf(t.getMessage())
                        .startsWith("4")));
        fail(cb);
        fail(cb, new IllegalArgumentException("bad input"));
        fail(cb, new IOException("404 not found"));
        assertThat(cb.stats().successful()).isEqualTo(2);
        assertThat(cb.stats().consecutiveFailures()).isZero();
        fail(cb, new CompletionException(new IOException("503")));
        fail(cb, new IOException("500"));
        assertThat(cb.state()).as("async wrappers are looked through").isEqualTo(CircuitState.OPEN);
    }

    @Test
    void aThrowingRecordIfRecordsTheFailure() {
        CircuitBreaker cb = breaker(config().failureThreshold(1).recordIf(t -> {
            throw new IllegalStateException("predicate bug");
        }));
        fail(cb);
        assertThat(cb.state()).isEqualTo(CircuitState.OPEN);
    }

    // ---- the exception ----------------------------------------------------------------------------

    @Test
    void rejectionCarriesNameStateAndRemainingOpenTime() {
        CircuitBreaker cb = breaker(config().failureThreshold(1));
        fail(cb);
        time.advance(Duration.ofMillis(12_500));
        assertThatThrownBy(cb::acquirePermission).isInstanceOfSatisfying(CircuitBreakerOpenException.class, e -> {
            assertThat(e).isInstanceOf(CallNotPermittedException.class);
            assertThat(e.retryable()).isFalse();
            assertThat(e.name()).isEqualTo("test");
            assertThat(e.instance()).isEqualTo("test");
            assertThat(e.state()).isEqualTo(CircuitState.OPEN);
            assertThat(e.remainingOpen()).isEqualTo(Duration.ofMillis(17_500));
            assertThat(e.getMessage())
                    .isEqualTo("Circuit breaker 'test' is OPEN; calls are not permitted for another 17.500s");
            assertThat(e.getStackTrace()).isEmpty();
        });
        time.advance(Duration.ofMillis(17_250));
        assertThatThrownBy(cb::acquirePermission).hasMessageEndingWith("for another 250ms");
    }

    // ---- listeners and events ---------------------------------------------------------------------

    @Test
    void listenersHearEveryChangeAndTheirFailuresBreakNothing() {
        StepContext ctx = StepContext.of("test", runtime);
        List<ResilienceEvent> events = new CopyOnWriteArrayList<>();
        ctx.events().addListener(event -> {
            throw new IllegalStateException("broken event listener");
        });
        ctx.events().addListener(events::add);
        CircuitBreaker cb =
                new CircuitBreaker("test", config().failureThreshold(1).build(), ctx);
        List<String> heard = new CopyOnWriteArrayList<>();
        cb.onStateChange((b, from, to) -> {
            throw new IllegalStateException("broken state listener");
        });
        StateChangeListener recorder = (b, from, to) -> heard.add(b.name() + ":" + from + "->" + to);
        cb.onStateChange(recorder);

        fail(cb);
        time.advance(Duration.ofSeconds(30));
        succeed(cb);
        cb.forceOpen();
        cb.removeStateChangeListener(recorder);
        cb.reset();

        assertThat(heard)
                .containsExactly(
                        "test:CLOSED->OPEN",
                        "test:OPEN->HALF_OPEN",
                        "test:HALF_OPEN->CLOSED",
                        "test:CLOSED->FORCED_OPEN");
        assertThat(events).extracting(ResilienceEvent::type).containsOnly(EventType.STATE_CHANGE);
        assertThat(events)
                .extracting(ResilienceEvent::detail)
                .containsExactly(
                        "CLOSED->OPEN",
                        "OPEN->HALF_OPEN",
                        "HALF_OPEN->CLOSED",
                        "CLOSED->FORCED_OPEN",
                        "FORCED_OPEN->CLOSED");
        assertThat(events.get(0).instance()).isEqualTo("test");
        assertThat(events.get(0).source()).isEqualTo("circuitBreaker");
        assertThat(events.get(1).timestampMillis() - events.get(0).timestampMillis())
                .isEqualTo(30_000);
        assertThat(cb.state()).isEqualTo(CircuitState.CLOSED);
    }

    @Test
    void defaultsFactoryAndToString() {
        CircuitBreaker cb = CircuitBreaker.ofDefaults("payments", runtime);
        assertThat(cb.name()).isEqualTo("payments");
        assertThat(cb.config()).isSameAs(CircuitBreakerConfig.ofDefaults());
        assertThat(cb).hasToString("CircuitBreaker[payments, CLOSED]");
        for (int i = 0; i < 5; i++) {
            fail(cb);
        }
        assertThat(cb.state()).isEqualTo(CircuitState.OPEN);
    }
}
