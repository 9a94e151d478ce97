package dev.resilient.cache;

import static dev.resilient.testing.TestSteps.failureOf;
import static dev.resilient.testing.TestSteps.valueOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.resilient.ResilienceRuntime;
import dev.resilient.event.EventType;
import dev.resilient.event.ResilienceEvent;
import dev.resilient.fallback.FallbackConfig;
import dev.resilient.fallback.FallbackStep;
import dev.resilient.pipeline.ResiliencePipeline;
import dev.resilient.step.Step;
import dev.resilient.step.StepContext;
import dev.resilient.testing.TestSteps.Rejected;
import dev.resilient.time.ManualTime;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class FailureCacheStepTest {

    private final ManualTime time = new ManualTime();
    private final StepContext ctx = StepContext.of("fc", ResilienceRuntime.manual(time));
    private final List<ResilienceEvent> events = new CopyOnWriteArrayList<>();
    private final AtomicInteger calls = new AtomicInteger();

    FailureCacheStepTest() {
        ctx.events().addListener(events::add);
    }

    private FailureCacheStep step(FailureCacheConfig.Builder config) {
        return new FailureCacheStep(new FailureCache(config.build(), time), ctx, Step.terminal());
    }

    private Callable<String> failing(Throwable failure) {
        return () -> {
            calls.incrementAndGet();
            throw dev.resilient.step.Exceptions.sneakyThrow(failure);
        };
    }

    private Callable<String> succeeding(String value) {
        return () -> {
            calls.incrementAndGet();
            return value;
        };
    }

    @Test
    void aRememberedKeyFailsFastWithoutReachingTheCall() {
        FailureCacheStep step = step(FailureCacheConfig.builder().ttl(Duration.ofSeconds(30)));
        IOException failure = new IOException("down");
        Object[] args = {"user-1"};
        assertThatThrownBy(() -> step.execute(failing(failure), args)).isSameAs(failure);
        time.advance(Duration.ofSeconds(10));

        assertThatThrownBy(() -> step.execute(succeeding("never"), args))
                .isInstanceOfSatisfying(FailureCachedException.class, cached -> {
                    assertThat(cached.getCause()).isSameAs(failure);
                    assertThat(cached.key()).isEqualTo("[user-1]");
                    assertThat(cached.remaining()).isEqualTo(Duration.ofSeconds(20));
                    assertThat(cached.instance()).isEqualTo("fc");
                    assertThat(cached.retryable()).isFalse();
                    // the key and the failure's message may hold personal data or credentials
                    assertThat(cached.getMessage())
                            .contains("java.io.IOException")
                            .contains("20000 ms")
                            .doesNotContain("user-1")
                            .doesNotContain("down");
                });
        assertThat(calls).hasValue(1);
        assertThat(events).singleElement().satisfies(event -> {
            assertThat(event.type()).isEqualTo(EventType.FAILURE_CACHE_HIT);
            assertThat(event.failure()).isSameAs(failure);
            assertThat(event.delay()).isEqualTo(Duration.ofSeconds(20));
            assertThat(event.arguments()).isSameAs(args);
        });
    }

    @Test
    void otherKeysStillReachTheCall() throws Exception {
        FailureCacheStep step = step(FailureCacheConfig.builder());
        assertThatThrownBy(() -> step.execute(failing(new IOException()), new Object[] {"a"}));
        assertThat(step.execute(succeeding("b"), new Object[] {"b"})).isEqualTo("b");
        assertThat(calls).hasValue(2);
    }

    @Test
    void theCallRunsAgainOnceTheTtlRunsOut() throws Exception {
        FailureCacheStep step = step(FailureCacheConfig.builder().ttl(Duration.ofSeconds(30)));
        assertThatThrownBy(() -> step.execute(failing(new IOException()), null)).isInstanceOf(IOException.class);
        time.advance(Duration.ofMillis(29_999));
        assertThatThrownBy(() -> step.execute(succeeding("x"), null)).isInstanceOf(FailureCachedException.class);
        time.advance(Duration.ofMillis(1));
        assertThat(step.execute(succeeding("back"), null)).isEqualTo("back");
        assertThat(calls).hasValue(2);
    }

    @Test
    void aSuccessForgetsTheKey() throws Exception {
        FailureCacheStep step = step(FailureCacheConfig.builder());
        Object[] args = {"k"};
        // a call for the key that is in flight while another call for the same key fails, then succeeds
        String result = step.execute(
                () -> {
                    assertThatThrownBy(() -> step.execute(failing(new IOException()), args))
                            .isInstanceOf(IOException.class);
                    assertThat(step.cache().failureFor(step.cache().keyFor(args)))
                            .isNotNull();
                    return "ok";
                },
                args);
        assertThat(result).isEqualTo("ok");
        assertThat(step.cache().failureFor(step.cache().keyFor(args))).isNull();
        assertThat(step.execute(succeeding("again"), args)).isEqualTo("again");
    }

    @Test
    void onlyConfiguredFailuresAreRememberedAndNeverRejections() throws Exception {
        FailureCacheStep step = step(FailureCacheConfig.builder().rememberOn(IOException.class));
        assertThatThrownBy(() -> step.execute(failing(new IllegalStateException()), null));
        assertThatThrownBy(() -> step.execute(failing(new Rejected()), null)).isInstanceOf(Rejected.class);
        assertThat(step.execute(succeeding("ok"), null)).isEqualTo("ok");
        assertThat(step.cache().size()).isZero();
    }

    @Test
    void aThrowingKeyFunctionRunsTheCallUncached() throws Exception {
        FailureCacheStep step = step(FailureCacheConfig.builder().keyFunction(args -> {
            throw new IllegalStateException("key bug");
        }));
        IOException failure = new IOException();
        assertThatThrownBy(() -> step.execute(failing(failure), null)).isSameAs(failure);
        assertThatThrownBy(() -> step.execute(failing(failure), null)).isSameAs(failure);
        assertThat(valueOf(step.executeAsync(() -> CompletableFuture.completedFuture("ok"), null)))
                .isEqualTo("ok");
        assertThat(calls).hasValue(2);
        assertThat(step.cache().size()).isZero();
    }

    @Test
    void asyncCallsAreRememberedSkippedAndForgotten() {
        FailureCacheStep step = step(FailureCacheConfig.builder().ttl(Duration.ofSeconds(5)));
        IOException failure = new IOException("down");
        Object[] args = {1};
        assertThat(failureOf(step.executeAsync(
                        () -> {
                            calls.incrementAndGet();
                            return CompletableFuture.<String>failedFuture(failure);
                        },
                        args)))
                .isSameAs(failure);

        Throwable skipped = failureOf(step.executeAsync(
                () -> {
                    calls.incrementAndGet();
                    return CompletableFuture.completedFuture("never");
                },
                args));
        assertThat(skipped).isInstanceOf(FailureCachedException.class).hasCause(failure);
        assertThat(calls).hasValue(1);

        time.advance(Duration.ofSeconds(5));
        assertThat(valueOf(step.executeAsync(() -> CompletableFuture.completedFuture("back"), args)))
                .isEqualTo("back");
        step.cache().cleanUp();
        assertThat(step.cache().size()).isZero();
    }

    @Test
    void inAPipelineAHitIsARejectionAndAnOuterFallbackAnswersIt() throws Exception {
        FailureCacheStep cacheStep = step(FailureCacheConfig.builder());
        ResiliencePipeline plain = new ResiliencePipeline(ctx, cacheStep);
        assertThatThrownBy(() -> plain.execute(failing(new IOException())));
        assertThatThrownBy(() -> plain.execute(succeeding("x"))).isInstanceOf(FailureCachedException.class);
        assertThat(plain.stats().failures()).isEqualTo(1);
        assertThat(plain.stats().rejections()).isEqualTo(1);

        FallbackStep fallback = new FallbackStep(
                FallbackConfig.builder()
                        .handles(IllegalArgumentException.class)
                        .function(t -> "cached fallback for " + t.getCause().getMessage())
                        .build(),
                ctx,
                cacheStep);
        cacheStep.cache().remember(cacheStep.cache().keyFor(null), new IOException("earlier"));
        assertThat(fallback.execute(succeeding("x"), null)).isEqualTo("cached fallback for earlier");
    }
}
