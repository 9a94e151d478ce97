package dev.resilient.pipeline;

import static dev.resilient.testing.TestSteps.failureOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.resilient.ResilienceRuntime;
import dev.resilient.bulkhead.BulkheadConfig;
import dev.resilient.cache.FailureCacheConfig;
import dev.resilient.cache.FailureCachedException;
import dev.resilient.circuitbreaker.CircuitBreakerConfig;
import dev.resilient.circuitbreaker.CircuitBreakerOpenException;
import dev.resilient.circuitbreaker.CircuitState;
import dev.resilient.condition.ConditionConfig;
import dev.resilient.event.EventType;
import dev.resilient.event.ResilienceEvent;
import dev.resilient.fallback.FallbackConfig;
import dev.resilient.ratelimiter.RateLimiterConfig;
import dev.resilient.recovery.CleanupConfig;
import dev.resilient.retry.Backoff;
import dev.resilient.retry.RetryConfig;
import dev.resilient.retry.RetryExhaustedException;
import dev.resilient.time.ManualTime;
import dev.resilient.timeout.TimeoutConfig;
import dev.resilient.timeout.TimeoutExceededException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The steps composed in the documented order, driven by a manual clock. */
class PipelineCompositionTest {

    private final ManualTime time = new ManualTime();
    private final ResilienceRuntime runtime = ResilienceRuntime.manual(time);
    private final AtomicInteger calls = new AtomicInteger();

    private static RetryConfig retry(int attempts) {
        return RetryConfig.builder()
                .maxAttempts(attempts)
                .backoff(Backoff.fixed())
                .baseDelay(Duration.ofMillis(100))
                .build();
    }

    private String failing() throws IOException {
        calls.incrementAndGet();
        throw new IOException("down");
    }

    @Test
    void fallbackAnswersAfterRetriesAreExhausted() throws Exception {
        ResiliencePipeline pipeline = ResiliencePipeline.of(
                "orders",
                PipelineConfig.builder()
                        .retry(retry(3))
                        .fallback(FallbackConfig.builder()
                                .function(failure ->
                                        "fallback:" + failure.getClass().getSimpleName())
                                .build())
                        .build(),
                runtime);

        String result = pipeline.execute(this::failing);

        assertThat(result).isEqualTo("fallback:RetryExhaustedException");
        assertThat(calls).hasValue(3);
        assertThat(time.elapsed()).isEqualTo(Duration.ofMillis(200));
        assertThat(pipeline.stats().calls()).isEqualTo(1);
        assertThat(pipeline.stats().retries()).isEqualTo(2);
        assertThat(pipeline.stats().fallbacks()).isEqualTo(1);
        assertThat(pipeline.stats().successes()).isZero();
    }

    @Test
    void rateLimitedAttemptIsNotRetriedByDefault() throws Exception {
        ResiliencePipeline pipeline = ResiliencePipeline.of(
                "search",
                PipelineConfig.builder()
                        .retry(retry(3))
                        .rateLimiter(RateLimiterConfig.builder()
                                .limit(1)
                                .period(Duration.ofSeconds(1))
                                .build())
                        .build(),
                runtime);

        assertThat(pipeline.execute(() -> "first")).isEqualTo("first");
        assertThatThrownBy(() -> pipeline.execute(() -> "second"))
                .isInstanceOf(dev.resilient.ratelimiter.RateLimitedException.class);
        assertThat(time.elapsed()).isEqualTo(Duration.ZERO);
        assertThat(pipeline.stats().retries()).isZero();
        assertThat(pipeline.stats().rejections()).isEqualTo(1);
    }

    @Test
    void rateLimitedAttemptNamedInRetryOnIsRetriedAfterThePermitFrees() throws Exception {
        ResiliencePipeline pipeline = ResiliencePipeline.of(
                "search",
                PipelineConfig.builder()
                        .retry(retry(3).toBuilder()
                                .retryOn(Exception.class, dev.resilient.ratelimiter.RateLimitedException.class)
                                .build())
                        .rateLimiter(RateLimiterConfig.builder()
                                .limit(1)
                                .period(Duration.ofSeconds(1))
                                .build())
                        .build(),
                runtime);

        assertThat(pipeline.execute(() -> "first")).isEqualTo("first");
        assertThat(pipeline.execute(() -> "second")).isEqualTo("second");

        assertThat(time.elapsed()).isEqualTo(Duration.ofSeconds(1));
        assertThat(pipeline.stats().retries()).isEqualTo(1);
        assertThat(pipeline.rateLimiter().orElseThrow().grantedPermits()).isEqualTo(2);
    }

    @Test
    void openCircuitStopsRetryingAndIsNotRetried() {
        ResiliencePipeline pipeline = ResiliencePipeline.of(
                "payments",
                PipelineConfig.builder()
                        .retry(retry(5))
                        .circuitBreaker(CircuitBreakerConfig.builder()
                                .failureThreshold(2)
                                .build())
                        .build(),
                runtime);

        assertThatThrownBy(() -> pipeline.execute(this::failing)).isInstanceOf(CircuitBreakerOpenException.class);

        assertThat(calls).hasValue(2);
        assertThat(pipeline.circuitBreaker().orElseThrow().state()).isEqualTo(CircuitState.OPEN);
        assertThat(pipeline.stats().rejections()).isEqualTo(1);
        assertThatThrownBy(() -> pipeline.execute(this::failing)).isInstanceOf(CircuitBreakerOpenException.class);
        assertThat(calls).hasValue(2);
    }

    @Test
    void asyncTimeoutIsCountedByTheBreakerAsAFailure() {
        ResiliencePipeline pipeline = ResiliencePipeline.of(
                "slow",
                PipelineConfig.builder()
                        .circuitBreaker(CircuitBreakerConfig.builder()
                                .failureThreshold(1)
                                .build())
                        .timeout(TimeoutConfig.of(Duration.ofSeconds(1)))
                        .build(),
                runtime);

        CompletableFuture<String> never = new CompletableFuture<>();
        var result = pipeline.executeAsync(() -> never).toCompletableFuture();
        assertThat(result).isNotDone();

        time.advance(Duration.ofSeconds(1));

        assertThat(failureOf(result)).isInstanceOf(TimeoutExceededException.class);
        assertThat(never).isCancelled();
        assertThat(pipeline.circuitBreaker().orElseThrow().state()).isEqualTo(CircuitState.OPEN);
    }

    @Test
    void asyncRetryWaitsOnTheSchedulerNotOnAThread() {
        ResiliencePipeline pipeline = ResiliencePipeline.of(
                "async", PipelineConfig.builder().retry(retry(3)).build(), runtime);

        var result = pipeline.<String>executeAsync(() -> calls.incrementAndGet() < 3
                        ? CompletableFuture.failedFuture(new IOException("down"))
                        : CompletableFuture.completedFuture("ok"))
                .toCompletableFuture();

        assertThat(result).isNotDone();
        assertThat(calls).hasValue(1);
        assertThat(time.pendingTasks()).isEqualTo(1);
        time.advance(Duration.ofMillis(100));
        assertThat(calls).hasValue(2);
        time.advance(Duration.ofMillis(100));
        assertThat(result).isCompletedWithValue("ok");
    }

    @Test
    void failureCacheHitNeverReachesTheCall() {
        ResiliencePipeline pipeline = ResiliencePipeline.of(
                "lookup",
                PipelineConfig.builder()
                        .retry(retry(2))
                        .failureCache(FailureCacheConfig.builder()
                                .ttl(Duration.ofMinutes(5))
                                .build())
                        .build(),
                runtime);
        Object[] args = {"customer-7"};

        assertThatThrownBy(() -> pipeline.execute(this::failing, args)).isInstanceOf(RetryExhaustedException.class);
        assertThat(calls).hasValue(2);

        assertThatThrownBy(() -> pipeline.execute(this::failing, args)).isInstanceOf(FailureCachedException.class);
        assertThat(calls).hasValue(2);

        time.advance(Duration.ofMinutes(5));
        assertThatThrownBy(() -> pipeline.execute(this::failing, args)).isInstanceOf(RetryExhaustedException.class);
        assertThat(calls).hasValue(4);
    }

    @Test
    void ignoredFailurePassesEveryStepUntouched() {
        IOException ignored = new IOException("not found");
        ResiliencePipeline pipeline = ResiliencePipeline.of(
                "ignore",
                PipelineConfig.builder()
                        .retry(retry(3))
                        .circuitBreaker(CircuitBreakerConfig.builder()
                                .failureThreshold(1)
                                .build())
                        .fallback(FallbackConfig.builder().value("fallback").build())
                        .condition(ConditionConfig.builder()
                                .ignoreWhen(t -> t.getMessage().equals("not found"))
                                .build())
                        .build(),
                runtime);

        assertThatThrownBy(() -> pipeline.execute(() -> {
                    calls.incrementAndGet();
                    throw ignored;
                }))
                .isSameAs(ignored);

        assertThat(calls).hasValue(1);
        assertThat(pipeline.circuitBreaker().orElseThrow().state()).isEqualTo(CircuitState.CLOSED);
        assertThat(pipeline.stats().ignored()).isEqualTo(1);
        assertThat(pipeline.stats().fallbacks()).isZero();
    }

    @Test
    void falseConditionCallsStraightThrough() throws Exception {
        ResiliencePipeline pipeline = ResiliencePipeline.of(
                "gated",
                PipelineConfig.builder()
                        .retry(retry(3))
                        .condition(ConditionConfig.builder().when(() -> false).build())
                        .build(),
                runtime);

        assertThatThrownBy(() -> pipeline.execute(this::failing)).isInstanceOf(IOException.class);
        assertThat(calls).hasValue(1);
    }

    @Test
    void cleanupRunsAroundEverythingOnce() throws Exception {
        List<Throwable> cleaned = new CopyOnWriteArrayList<>();
        ResiliencePipeline pipeline = ResiliencePipeline.of(
                "cleanup",
                PipelineConfig.builder()
                        .retry(retry(3))
                        .cleanup(CleanupConfig.builder()
                                .action((Throwable failure) -> cleaned.add(failure))
                                .build())
                        .build(),
                runtime);

        assertThatThrownBy(() -> pipeline.execute(this::failing)).isInstanceOf(RetryExhaustedException.class);

        assertThat(calls).hasValue(3);
        assertThat(cleaned).hasSize(1).first().isInstanceOf(RetryExhaustedException.class);
    }

    @Test
    void eventsFollowThePipelineOrder() {
        List<ResilienceEvent> events = new CopyOnWriteArrayList<>();
        runtime.events().addListener(events::add);
        ResiliencePipeline pipeline = ResiliencePipeline.of(
                "observed",
                PipelineConfig.builder()
                        .retry(retry(2))
                        .fallback(FallbackConfig.builder().value("fallback").build())
                        .build(),
                runtime);

        String result = pipeline.get(() -> {
            throw new UncheckedIOException(new IOException("down"));
        });
        assertThat(result).isEqualTo("fallback");

        assertThat(events)
                .extracting(ResilienceEvent::type)
                .containsExactly(
                        EventType.ATTEMPT,
                        EventType.RETRY,
                        EventType.ATTEMPT,
                        EventType.RETRIES_EXHAUSTED,
                        EventType.FALLBACK,
                        EventType.SUCCESS);
        assertThat(events).allSatisfy(event -> assertThat(event.instance()).isEqualTo("observed"));
    }

    @Test
    void registrySharesStateByName() {
        try (ResilienceRegistry registry = new ResilienceRegistry(runtime)) {
            PipelineConfig config = PipelineConfig.builder()
                    .circuitBreaker(
                            CircuitBreakerConfig.builder().failureThreshold(1).build())
                    .bulkhead(BulkheadConfig.builder().maxConcurrent(2).build())
                    .build();
            ResiliencePipeline first = registry.pipeline("shared", config);
            ResiliencePipeline second = registry.pipeline("shared", PipelineConfig.empty());

            assertThat(second).isSameAs(first);
            assertThatThrownBy(() -> first.execute(this::failing)).isInstanceOf(IOException.class);
            assertThat(second.circuitBreaker().orElseThrow().state()).isEqualTo(CircuitState.OPEN);
            assertThat(registry.find("shared")).containsSame(first);
            assertThat(registry.find("other")).isEmpty();
            assertThat(registry.pipelines()).containsExactly(first);
        }
    }

    @Test
    void blankNameIsRejectedWithTheValue() {
        assertThatThrownBy(() -> ResiliencePipeline.of(" ", PipelineConfig.empty(), runtime))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("name");
    }

    @Test
    void configDescribesItsStepsInPipelineOrderAndCopies() {
        PipelineConfig config = PipelineConfig.builder()
                .timeout(Duration.ofSeconds(2))
                .retry(retry(2))
                .fallback(FallbackConfig.builder().value("x").build())
                .build();

        assertThat(config.describe()).containsOnlyKeys("fallback", "retry", "timeout");
        assertThat(config.describe().keySet()).containsExactly("fallback", "retry", "timeout");
        PipelineConfig copy = config.toBuilder().retry(null).build();
        assertThat(copy.retry()).isEmpty();
        assertThat(copy.timeout()).isPresent();
        assertThat(copy.toString()).startsWith("PipelineConfig{fallback=");
        assertThat(PipelineConfig.builder().timeout((Duration) null).build().timeout())
                .isEmpty();
    }
}
