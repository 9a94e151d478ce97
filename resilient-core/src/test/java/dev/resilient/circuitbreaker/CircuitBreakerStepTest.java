package dev.resilient.circuitbreaker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.resilient.CallNotPermittedException;
import dev.resilient.ResilienceRuntime;
import dev.resilient.event.EventType;
import dev.resilient.event.ResilienceEvent;
import dev.resilient.pipeline.ResiliencePipeline;
import dev.resilient.step.IgnoredFailure;
import dev.resilient.step.Step;
import dev.resilient.step.StepContext;
import dev.resilient.testing.Measure;
import dev.resilient.time.ManualTime;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class CircuitBreakerStepTest {

    private final ManualTime time = new ManualTime();
    private final StepContext ctx = StepContext.of("orders", ResilienceRuntime.manual(time));
    private final List<ResilienceEvent> events = new CopyOnWriteArrayList<>();

    private CircuitBreaker breaker;
    private ResiliencePipeline pipeline;

    private void setUp(CircuitBreakerConfig.Builder config) {
        setUp(config, Step.terminal());
    }

    private void setUp(CircuitBreakerConfig.Builder config, Step inner) {
        breaker = new CircuitBreaker("orders", config.build(), ctx);
        pipeline = new ResiliencePipeline(ctx, new CircuitBreakerStep(breaker, ctx, inner));
    }

    private void failSync() {
        assertThatThrownBy(() -> pipeline.execute(() -> {
                    throw new IOException("down");
                }))
                .isInstanceOf(IOException.class);
    }

    @Test
    void recordsSuccessesAndFailuresAndOpens() throws Exception {
        setUp(CircuitBreakerConfig.builder().failureThreshold(2));
        assertThat(pipeline.execute(() -> "ok")).isEqualTo("ok");
        failSync();
        failSync();
        assertThat(breaker.state()).isEqualTo(CircuitState.OPEN);
        CircuitBreakerStats stats = breaker.stats();
        assertThat(stats.successful()).isEqualTo(1);
        assertThat(stats.failed()).isEqualTo(2);
    }

    @Test
    void rejectsWithoutRunningTheCallAndPublishesRejected() {
        setUp(CircuitBreakerConfig.builder().failureThreshold(1));
        failSync();
        ctx.events().addListener(events::add);
        time.advance(Duration.ofSeconds(10));
        boolean[] ran = {false};
        assertThatThrownBy(() -> pipeline.execute(
                        () -> {
                            ran[0] = true;
                            return "never";
                        },
                        new Object[] {"order-1"}))
                .isInstanceOfSatisfying(CircuitBreakerOpenException.class, e -> assertThat(e.remainingOpen())
                        .isEqualTo(Duration.ofSeconds(20)));
        assertThat(ran[0]).isFalse();
        assertThat(events).hasSize(1);
        ResilienceEvent rejected = events.get(0);
        assertThat(rejected.type()).isEqualTo(EventType.REJECTED);
        assertThat(rejected.source()).isEqualTo("circuitBreaker");
        assertThat(rejected.delay()).isEqualTo(Duration.ofSeconds(20));
        assertThat(rejected.detail()).isEqualTo("OPEN");
        assertThat(rejected.arguments()).containsExactly("order-1");
        assertThat(rejected.failure()).isInstanceOf(CircuitBreakerOpenException.class);
        assertThat(pipeline.stats().rejections()).isEqualTo(1);
        assertThat(breaker.stats().rejected()).isEqualTo(1);
    }

    @Test
    void measuresTheCallWithTheRuntimeClock() throws Exception {
        setUp(CircuitBreakerConfig.builder()
                .failureThreshold(0)
                .slowCallRateThreshold(100)
                .slowCallDurationThreshold(Duration.ofSeconds(1))
                .slidingWindowSize(2));
        pipeline.execute(() -> {
            time.advance(Duration.ofMillis(1500));
            return "slow";
        });
        pipeline.execute(() -> "fast");
        assertThat(breaker.stats().slow()).isEqualTo(1);
        assertThat(breaker.state()).isEqualTo(CircuitState.CLOSED);
        Callable<String> slowCall = () -> {
            time.advance(Duration.ofSeconds(1));
            return "slow too";
        };
        pipeline.execute(slowCall);
        assertThat(breaker.state()).as("[fast, slow]").isEqualTo(CircuitState.CLOSED);
        pipeline.execute(slowCall);
        assertThat(breaker.state()).as("[slow, slow]").isEqualTo(CircuitState.OPEN);
    }

    @Test
    void passingThroughFailuresReleaseTheTrialUncounted() {
        setUp(CircuitBreakerConfig.builder().failureThreshold(1));
        failSync();
        time.advance(Duration.ofSeconds(30));
        IllegalStateException original = new IllegalStateException("ignoreWhen matched");
        assertThatThrownBy(() -> pipeline.execute(() -> {
                    throw new IgnoredFailure(original);
                }))
                .isSameAs(original);
        assertThat(breaker.state()).isEqualTo(CircuitState.HALF_OPEN);
        assertThat(breaker.stats().total()).isEqualTo(1);
        assertThat(breaker.stats().ignored())
                .as("passing through is not the breaker's ignoreOn")
                .isZero();
        assertThat(breaker.tryAcquirePermission())
                .as("the trial permit came back")
                .isTrue();
    }

    @Test
    void rejectionsFurtherInReleaseThePermission() throws Exception {
        Step rejectingLimiter = new Step(Step.terminal()) {
            @Override
            public <T> T execute(Callable<T> call, Object[] args) {
                throw new CallNotPermittedException("orders", "limited") {};
            }

            @Override
            public <T> CompletionStage<T> executeAsync(Supplier<? extends CompletionStage<T>> call, Object[] args) {
                return CompletableFuture.failedFuture(new CallNotPermittedException("orders", "limited") {});
            }
        };
        setUp(CircuitBreakerConfig.builder().failureThreshold(1), rejectingLimiter);
        breaker.transitionToOpen();
        time.advance(Duration.ofSeconds(30));
        assertThatThrownBy(() -> pipeline.execute(() -> "x")).isInstanceOf(CallNotPermittedException.class);
        assertThat(pipeline.executeAsync(() -> CompletableFuture.completedFuture("x"))
                        .toCompletableFuture())
                .isCompletedExceptionally();
        assertThat(breaker.state()).isEqualTo(CircuitState.HALF_OPEN);
        assertThat(breaker.stats().total()).isZero();
        assertThat(breaker.tryAcquirePermission()).isTrue();
    }

    @Test
    void asyncOutcomesAreRecordedWhenTheStageCompletes() {
        setUp(CircuitBreakerConfig.builder().failureThreshold(2));
        CompletableFuture<String> pending = new CompletableFuture<>();
        CompletableFuture<String> result = pipeline.executeAsync(() -> pending).toCompletableFuture();
        time.advance(Duration.ofSeconds(3));
        assertThat(breaker.stats().total()).isZero();
        pending.complete("done");
        assertThat(result).isCompletedWithValue("done");
        assertThat(breaker.stats().successful()).isEqualTo(1);

        pipeline.executeAsync(() -> CompletableFuture.failedFuture(new IOException("down")));
        CompletableFuture<Object> thrown = pipeline.executeAsync(() -> {
                    throw new IllegalStateException("threw instead of returning a stage");
                })
                .toCompletableFuture();
        assertThat(thrown).isCompletedExceptionally();
        assertThat(breaker.state()).isEqualTo(CircuitState.OPEN);

        CompletableFuture<Object> rejected = pipeline.executeAsync(() -> CompletableFuture.completedFuture(null))
                .toCompletableFuture();
        assertThat(rejected.handle((v, f) -> f).join()).isInstanceOf(CircuitBreakerOpenException.class);
        assertThat(pipeline.stats().rejections()).isEqualTo(1);
    }

    @Test
    void asyncIgnoredFailurePassesThroughUncounted() {
        setUp(CircuitBreakerConfig.builder().failureThreshold(1));
        IOException original = new IOException("ignored");
        CompletableFuture<Object> result = pipeline.executeAsync(
                        () -> CompletableFuture.failedFuture(new IgnoredFailure(original)))
                .toCompletableFuture();
        assertThat(result.handle((v, f) -> f).join()).isSameAs(original);
        assertThat(breaker.state()).isEqualTo(CircuitState.CLOSED);
        assertThat(breaker.stats().total()).isZero();
    }

    @Test
    void theBreakersIgnoreOnIsHonouredInThePipeline() {
        setUp(CircuitBreakerConfig.builder().failureThreshold(1).ignoreOn(IllegalArgumentException.class));
        assertThatThrownBy(() -> pipeline.execute(() -> {
                    throw new IllegalArgumentException("caller's fault");
                }))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(breaker.state()).isEqualTo(CircuitState.CLOSED);
        assertThat(breaker.stats().ignored()).isEqualTo(1);
    }

    @Test
    void theSyncSuccessPathDoesNotAllocate() throws Exception {
        setUp(CircuitBreakerConfig.builder());
        CircuitBreakerStep step = new CircuitBreakerStep(breaker, ctx, Step.terminal());
        Callable<String> call = () -> "ok";
        long allocated = Measure.bytesAllocated(100_000, () -> step.execute(call, null));
        assertThat(allocated).as("bytes allocated by 100,000 calls").isLessThan(10_000);
    }
}
