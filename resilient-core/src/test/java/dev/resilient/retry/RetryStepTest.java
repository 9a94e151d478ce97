package dev.resilient.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.resilient.ResilienceRuntime;
import dev.resilient.event.EventType;
import dev.resilient.event.ResilienceEvent;
import dev.resilient.http.RetryAfter;
import dev.resilient.pipeline.ResiliencePipeline;
import dev.resilient.step.IgnoredFailure;
import dev.resilient.step.Step;
import dev.resilient.step.StepContext;
import dev.resilient.time.ManualTime;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RetryStepTest {

    private final ManualTime time = new ManualTime();
    private final ResilienceRuntime runtime = ResilienceRuntime.builder()
            .clock(time)
            .scheduler(time)
            .sleeper(time)
            .asyncExecutor(Runnable::run)
            .random(new SplittableRandom(7))
            .build();
    private final StepContext ctx = StepContext.of("svc", runtime);
    private final List<ResilienceEvent> events = new CopyOnWriteArrayList<>();

    private ResiliencePipeline pipeline(RetryConfig config) {
        return new ResiliencePipeline(ctx, new RetryStep(Retry.of("svc", config), ctx, Step.terminal()));
    }

    private RetryStep step(Retry retry) {
        return new RetryStep(retry, ctx, Step.terminal());
    }

    /** Fails {@code failures} times with the given failures in turn, then returns "ok". */
    private static Callable<String> failing(int failures, Exception... thrown) {
        AtomicInteger calls = new AtomicInteger();
        return () -> {
            int call = calls.getAndIncrement();
            if (call < failures) {
                throw thrown[Math.min(call, thrown.length - 1)];
            }
            return "ok";
        };
    }

    @Test
    void succeedsAfterRetriesWaitingTheBackoffDelays() throws Exception {
        RetryConfig config = RetryConfig.builder().maxAttempts(4).build(); // 100, 200, 400 ms
        List<Duration> delays = new ArrayList<>();
        List<Duration> startedAt = new ArrayList<>();
        ResiliencePipeline pipeline = pipeline(
                config.toBuilder().onRetry(a -> delays.add(a.nextDelay())).build());
        AtomicInteger calls = new AtomicInteger();
        String result = pipeline.execute(() -> {
            startedAt.add(time.elapsed());
            if (calls.incrementAndGet() < 4) {
                throw new IOException("down " + calls.get());
            }
            return "ok";
        });
        assertThat(result).isEqualTo("ok");
        assertThat(delays).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(400));
        assertThat(startedAt)
                .containsExactly(Duration.ZERO, Duration.ofMillis(100), Duration.ofMillis(300), Duration.ofMillis(700));
        assertThat(ctx.stats().retries()).isEqualTo(3);
        assertThat(ctx.stats().successes()).isEqualTo(1);
    }

    @Test
    void eachBackoffDrivesTheWaits() throws Exception {
        for (Backoff backoff :
                new Backoff[] {Backoff.fixed(), Backoff.linear(), Backoff.exponential(), Backoff.fibonacci()}) {
            ManualTime clock = new ManualTime();
            StepContext context = StepContext.of("b", ResilienceRuntime.manual(clock));
            RetryConfig config = RetryConfig.builder()
                    .maxAttempts(6)
                    .backoff(backoff)
                    .multiplier(3)
                    .baseDelay(Duration.ofMillis(10))
                    .maxDelay(Duration.ofMillis(500))
                    .build();
            RetryStep step = new RetryStep(Retry.of("b", config), context, Step.terminal());
            step.execute(failing(5, new IOException()), null);
            long expected = 0;
            for (int n = 1; n <= 5; n++) {
                expected += backoff.delayNanos(
                        n,
                        Duration.ofMillis(10).toNanos(),
                        3,
                        Duration.ofMillis(500).toNanos());
            }
            assertThat(clock.elapsed()).as(backoff.name()).isEqualTo(Duration.ofNanos(expected));
        }
    }

    @Test
    void exhaustionThrowsRetryExhaustedWithTheLastFailureAndTheEarlierOnesSuppressed() {
        IOException first = new IOException("first");
        IOException second = new IOException("second");
        IOException third = new IOException("third");
        Retry retry = Retry.of("svc", RetryConfig.ofDefaults());
        Throwable thrown = catchFailure(() -> step(retry).execute(failing(3, first, second, third), null));
        assertThat(thrown)
                .isInstanceOf(RetryExhaustedException.class)
                .hasMessage("Retry 'svc' exhausted after 3 attempts; last failure: java.io.IOException: third")
                .hasCause(third);
        RetryExhaustedException exhausted = (RetryExhaustedException) thrown;
        assertThat(exhausted.attempts()).isEqualTo(3);
        assertThat(exhausted.lastFailure()).isSameAs(third);
        assertThat(exhausted.instance()).isEqualTo("svc");
        assertThat(exhausted.getSuppressed()).containsExactly(first, second);
        assertThat(retry.failedCallsWithRetry()).isEqualTo(1);
        assertThat(retry.retries()).isEqualTo(2);
    }

    @Test
    void theSameFailureInstanceIsNotSuppressedIntoItself() {
        IOException same = new IOException("same");
        Throwable thrown = catchFailure(() -> pipeline(RetryConfig.ofDefaults()).execute(failing(3, same)));
        assertThat(thrown).isInstanceOf(RetryExhaustedException.class).hasCause(same);
        assertThat(thrown.getSuppressed()).isEmpty();
        assertThat(same.getSuppressed()).isEmpty();
    }

    @Test
    void aSingleAttemptThatFailsIsExhaustedAtOnce() {
        Throwable thrown = catchFailure(
                () -> pipeline(RetryConfig.builder().maxAttempts(1).build()).execute(failing(1, new IOException("x"))));
        assertThat(thrown)
                .isInstanceOf(RetryExhaustedException.class)
                .hasMessageStartingWith("Retry 'svc' exhausted after 1 attempt;");
        assertThat(time.elapsed()).isZero();
    }

    @Test
    void nonRetryableFailuresAreRethrownAsIsWithoutWaiting() {
        RetryConfig config = RetryConfig.builder()
                .retryOn(IOException.class)
                .abortOn(FileNotFoundException.class)
                .build();
        Retry retry = Retry.of("svc", config);
        FileNotFoundException aborted = new FileNotFoundException("gone");
        assertThat(catchFailure(() -> step(retry).execute(failing(5, aborted), null)))
                .isSameAs(aborted);
        IllegalStateException other = new IllegalStateException("bug");
        assertThat(catchFailure(() -> step(retry).execute(failing(5, other), null)))
                .isSameAs(other);
        // retried once, then a non-retryable failure ends the call as is
        assertThat(catchFailure(() -> step(retry).execute(failing(5, new IOException(), other), null)))
                .isSameAs(other);
        assertThat(retry.failedCallsWithoutRetry()).isEqualTo(2);
        assertThat(retry.failedCallsWithRetry()).isEqualTo(1);
        assertThat(time.elapsed()).isEqualTo(Duration.ofMillis(100));
    }

    @Test
    void errorsAreNeverRetried() {
        AtomicInteger calls = new AtomicInteger();
        RetryConfig config = RetryConfig.builder().retryOn(Throwable.class).build();
        assertThatThrownBy(() -> pipeline(config).execute(() -> {
                    calls.incrementAndGet();
                    throw new OutOfMemoryError("simulated");
                }))
                .isInstanceOf(OutOfMemoryError.class);
        assertThat(calls).hasValue(1);
    }

    @Test
    void retryIfPredicateFilters() throws Exception {
        RetryConfig config = RetryConfig.builder()
                .retryIf(f -> f.getMessage().startsWith("503"))
                .build();
        assertThat(pipeline(config).execute(failing(2, new IOException("503 busy"))))
                .isEqualTo("ok");
        IOException notFound = new IOException("404");
        assertThat(catchFailure(() -> pipeline(config).execute(failing(2, notFound))))
                .isSameAs(notFound);
    }

    @Test
    void ignoredFailuresPassThroughUntouchedAndUncounted() {
        Retry retry = Retry.of("svc", RetryConfig.ofDefaults());
        IgnoredFailure ignored = new IgnoredFailure(new IOException("ignored"));
        assertThat(catchFailure(() -> step(retry).execute(failing(3, ignored), null)))
                .isSameAs(ignored);
        assertThat(retry.failedCallsWithoutRetry()).isZero();
        assertThat(retry.retries()).isZero();
    }

    @Test
    void resultPredicateRetriesAndReturnsTheLastResultWhenAttemptsRunOut() throws Exception {
        List<RetryAttempt> failures = new ArrayList<>();
        RetryConfig config = RetryConfig.builder()
                .retryOnResult(r -> ((Integer) r) >= 500)
                .onFailure(failures::add)
                .build();
        AtomicInteger calls = new AtomicInteger();
        int[] statuses = {503, 502, 200};
        assertThat(pipeline(config).execute(() -> statuses[calls.getAndIncrement()]))
                .isEqualTo(200);
        assertThat(calls).hasValue(3);

        events.clear();
        ctx.events().addListener(events::add);
        calls.set(0);
        Retry retry = Retry.of("svc", config);
        assertThat(step(retry).execute(() -> 500 + calls.incrementAndGet(), null))
                .isEqualTo(503);
        assertThat(failures).singleElement().satisfies(a -> {
            assertThat(a.attempt()).isEqualTo(3);
            assertThat(a.result()).isEqualTo(503);
            assertThat(a.failure()).isNull();
        });
        assertThat(retry.failedCallsWithRetry()).isEqualTo(1);
        assertThat(events)
                .extracting(ResilienceEvent::type)
                .containsExactly(
                        EventType.ATTEMPT,
                        EventType.RETRY,
                        EventType.ATTEMPT,
                        EventType.RETRY,
                        EventType.ATTEMPT,
                        EventType.RETRIES_EXHAUSTED);
        assertThat(events.get(5).result()).isEqualTo(503);
        assertThat(events.get(1).result()).isEqualTo(501);
    }

    @Test
    void retryAfterOverridesTheBackoffAndIsCapped() throws Exception {
        RetryConfig config = RetryConfig.builder()
                .maxAttempts(4)
                .maxRetryAfter(Duration.ofSeconds(5))
                .retryOn(Exception.class, TestRejections.RateLimited.class)
                .build();
        List<Duration> delays = new ArrayList<>();
        ResiliencePipeline pipeline = pipeline(
                config.toBuilder().onRetry(a -> delays.add(a.nextDelay())).build());
        String result = pipeline.execute(failing(
                3,
                new TestRejections.RateLimited(Duration.ofSeconds(2)),
                new TestRejections.RateLimited(Duration.ofMinutes(10)),
                new IOException("no hint")));
        assertThat(result).isEqualTo("ok");
        // hint 2 s, hint capped at 5 s, then the computed third delay (400 ms)
        assertThat(delays).containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofMillis(400));
        assertThat(time.elapsed()).isEqualTo(Duration.ofMillis(7400));
    }

    @Test
    void retryAfterFromAResult() throws Exception {
        record Response(int status, String retryAfter) {}
        RetryConfig config = RetryConfig.builder()
                .retryOnResult(r -> ((Response) r).status() == 429)
                .retryAfterFromResult(r -> RetryAfter.parse(((Response) r).retryAfter(), time, Duration.ofMinutes(1))
                        .orElse(null))
                .build();
        AtomicInteger calls = new AtomicInteger();
        Response ok = new Response(200, null);
        Response result = pipeline(config).execute(() -> calls.getAndIncrement() == 0 ? new Response(429, "3") : ok);
        assertThat(result).isSameAs(ok);
        assertThat(time.elapsed()).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void rejectionsAreNotRetriedByDefaultAndARateLimitNamedInRetryOnIsRetriedAfterItsHint() throws Exception {
        TestRejections.OpenCircuit open = new TestRejections.OpenCircuit();
        AtomicInteger calls = new AtomicInteger();
        assertThat(catchFailure(() -> pipeline(RetryConfig.ofDefaults()).execute(() -> {
                    calls.incrementAndGet();
                    throw open;
                })))
                .isSameAs(open);
        assertThat(calls).hasValue(1);
        assertThat(ctx.stats().rejections()).isEqualTo(1);

        TestRejections.RateLimited limited = new TestRejections.RateLimited(Duration.ofMillis(1500));
        assertThat(catchFailure(() -> pipeline(RetryConfig.ofDefaults()).execute(failing(1, limited))))
                .isSameAs(limited);
        TestRejections.BulkheadFull full = new TestRejections.BulkheadFull();
        assertThat(catchFailure(() -> pipeline(RetryConfig.ofDefaults()).execute(failing(1, full))))
                .isSameAs(full);
        assertThat(time.elapsed()).isEqualTo(Duration.ZERO);

        RetryConfig retryRejections = RetryConfig.builder()
                .retryOn(TestRejections.RateLimited.class, TestRejections.BulkheadFull.class)
                .build();
        assertThat(pipeline(retryRejections)
                        .execute(failing(1, new TestRejections.RateLimited(Duration.ofMillis(1500)))))
                .isEqualTo("ok");
        assertThat(time.elapsed()).isEqualTo(Duration.ofMillis(1500));
        assertThat(pipeline(retryRejections).execute(failing(1, new TestRejections.BulkheadFull())))
                .isEqualTo("ok");
        assertThat(time.elapsed()).isEqualTo(Duration.ofMillis(1600));
    }

    @Test
    void budgetSpentStopsRetryingAndThrowsTheOriginalFailure() throws Exception {
        RetryConfig config = RetryConfig.builder()
                .maxAttempts(10)
                .backoff(Backoff.fixed())
                .budget(RetryBudgetConfig.builder().maxTokens(4).tokenRatio(1).build())
                .build();
        Retry retry = Retry.of("svc", config);
        IOException failure = new IOException("down");
        AtomicInteger calls = new AtomicInteger();
        Callable<String> alwaysFailing = () -> {
            calls.incrementAndGet();
            throw failure;
        };
        // 4 tokens: the 1st failure leaves 3 (> 2, retry), the 2nd leaves 2 (not > 2): stop
        assertThat(catchFailure(() -> step(retry).execute(alwaysFailing, null))).isSameAs(failure);
        assertThat(calls).hasValue(2);
        assertThat(retry.budget().tokens()).isEqualTo(2.0);
        assertThat(retry.budgetDenials()).isEqualTo(1);
        assertThat(retry.failedCallsWithRetry()).isEqualTo(1);
        // still spent: no retry at all
        calls.set(0);
        assertThat(catchFailure(() -> step(retry).execute(alwaysFailing, null))).isSameAs(failure);
        assertThat(calls).hasValue(1);
        assertThat(retry.failedCallsWithoutRetry()).isEqualTo(1);
        assertThat(retry.budget().tokens()).isEqualTo(1.0);
        // successes refill it (1 token each, up to 4); a failure must leave more than 2 to retry
        for (int i = 0; i < 3; i++) {
            step(retry).execute(() -> "ok", null);
        }
        assertThat(retry.budget().tokens()).isEqualTo(4.0);
        assertThat(step(retry).execute(failing(1, failure), null)).isEqualTo("ok");
        assertThat(retry.successfulCallsWithRetry()).isEqualTo(1);
        assertThat(retry.successfulCallsWithoutRetry()).isEqualTo(3);
    }

    @Test
    void callbacksReceiveAttemptFailureResultElapsedAndDelay() throws Exception {
        List<RetryAttempt> retries = new ArrayList<>();
        List<RetryAttempt> successes = new ArrayList<>();
        List<RetryAttempt> failures = new ArrayList<>();
        RetryConfig config = RetryConfig.builder()
                .onRetry(retries::add)
                .onSuccess(successes::add)
                .onFailure(failures::add)
                .build();
        IOException first = new IOException("1");
        assertThat(pipeline(config).execute(failing(1, first))).isEqualTo("ok");
        assertThat(retries).containsExactly(new RetryAttempt(1, first, null, Duration.ZERO, Duration.ofMillis(100)));
        assertThat(successes).containsExactly(new RetryAttempt(2, null, "ok", Duration.ofMillis(100), null));
        assertThat(failures).isEmpty();

        retries.clear();
        successes.clear();
        Throwable thrown = catchFailure(() -> pipeline(config).execute(failing(3, new IOException("x"))));
        assertThat(retries).extracting(RetryAttempt::attempt).containsExactly(1, 2);
        assertThat(retries).extracting(RetryAttempt::elapsed).containsExactly(Duration.ZERO, Duration.ofMillis(100));
        assertThat(failures).containsExactly(new RetryAttempt(3, thrown, null, Duration.ofMillis(300), null));
        assertThat(failures.get(0).failed()).isTrue();
        assertThat(successes).isEmpty();
    }

    @Test
    void throwingCallbacksDoNotBreakTheCall() throws Exception {
        RetryConfig config = RetryConfig.builder()
                .onRetry(a -> {
                    throw new IllegalStateException("onRetry bug");
                })
                .onSuccess(a -> {
                    throw new IllegalStateException("onSuccess bug");
                })
                .build();
        assertThat(pipeline(config).execute(failing(2, new IOException()))).isEqualTo("ok");
    }

    @Test
    void emitsAttemptRetryAndExhaustedEventsAndCountsRetries() {
        ctx.events().addListener(events::add);
        IOException failure = new IOException("down");
        Object[] args = {"id-1"};
        Throwable thrown = catchFailure(() -> step(Retry.ofDefaults("svc")).execute(failing(3, failure), args));
        assertThat(events)
                .extracting(ResilienceEvent::type)
                .containsExactly(
                        EventType.ATTEMPT,
                        EventType.RETRY,
                        EventType.ATTEMPT,
                        EventType.RETRY,
                        EventType.ATTEMPT,
                        EventType.RETRIES_EXHAUSTED);
        assertThat(events).extracting(ResilienceEvent::attempt).containsExactly(1, 1, 2, 2, 3, 3);
        assertThat(events).allSatisfy(e -> {
            assertThat(e.source()).isEqualTo("retry");
            assertThat(e.instance()).isEqualTo("svc");
            assertThat(e.arguments()).isSameAs(args);
        });
        ResilienceEvent secondRetry = events.get(3);
        assertThat(secondRetry.delay()).isEqualTo(Duration.ofMillis(200));
        assertThat(secondRetry.failure()).isSameAs(failure);
        assertThat(secondRetry.elapsed()).isEqualTo(Duration.ofMillis(100));
        assertThat(events.get(5).failure()).isSameAs(thrown);
        assertThat(events.get(5).elapsed()).isEqualTo(Duration.ofMillis(300));
        assertThat(ctx.stats().retries()).isEqualTo(2);
    }

    @Test
    void interruptDuringTheWaitRestoresTheFlagAndFails() {
        IOException failure = new IOException("down");
        ResilienceRuntime interrupting = ResilienceRuntime.builder()
                .clock(time)
                .scheduler(time)
                .sleeper(nanos -> {
                    throw new InterruptedException("stop");
                })
                .build();
        StepContext context = StepContext.of("svc", interrupting);
        List<RetryAttempt> failures = new ArrayList<>();
        Retry retry =
                Retry.of("svc", RetryConfig.builder().onFailure(failures::add).build());
        RetryStep step = new RetryStep(retry, context, Step.terminal());
        AtomicInteger calls = new AtomicInteger();
        try {
            Throwable thrown = catchFailure(() -> step.execute(
                    () -> {
                        calls.incrementAndGet();
                        throw failure;
                    },
                    null));
            assertThat(thrown)
                    .isInstanceOf(InterruptedException.class)
                    .hasMessage("Retry 'svc' interrupted while waiting after attempt 1")
                    .hasCause(failure);
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
            assertThat(calls).hasValue(1);
            assertThat(failures).singleElement().satisfies(a -> assertThat(a.failure())
                    .isSameAs(thrown));
        } finally {
            Thread.interrupted();
            interrupting.close();
        }
    }

    @Test
    void decorrelatedJitterGrowsFromThePreviousDelay() throws Exception {
        List<Duration> delays = new ArrayList<>();
        RetryConfig config = RetryConfig.builder()
                .maxAttempts(30)
                .jitter(Jitter.decorrelated())
                .maxDelay(Duration.ofSeconds(10))
                .onRetry(a -> delays.add(a.nextDelay()))
                .build();
        pipeline(config).execute(failing(29, new IOException()));
        Duration previous = Duration.ofMillis(100);
        for (Duration delay : delays) {
            assertThat(delay).isBetween(Duration.ofMillis(100), min(Duration.ofSeconds(10), previous.multipliedBy(3)));
            previous = delay;
        }
        assertThat(delays).hasSize(29);
    }

    @Test
    void successWithoutRetryCountsAndDoesNotWait() throws Exception {
        Retry retry = Retry.ofDefaults("svc");
        RetryStep step = step(retry);
        for (int i = 0; i < 5; i++) {
            assertThat(step.execute(() -> "ok", null)).isEqualTo("ok");
        }
        assertThat(retry.successfulCallsWithoutRetry()).isEqualTo(5);
        assertThat(time.elapsed()).isZero();
        assertThat(step.retry()).isSameAs(retry);
        retry.reset();
        assertThat(retry.successfulCallsWithoutRetry()).isZero();
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    @FunctionalInterface
    interface ThrowingRunnable {
        void run() throws Throwable;
    }

    static Throwable catchFailure(ThrowingRunnable runnable) {
        try {
            runnable.run();
        } catch (Throwable t) {
            return t;
        }
        throw new AssertionError("expected a failure");
    }
}
