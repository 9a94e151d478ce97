package dev.resilient.condition;

import static dev.resilient.testing.TestSteps.failureOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.resilient.ResilienceRuntime;
import dev.resilient.cache.FailureCache;
import dev.resilient.cache.FailureCacheConfig;
import dev.resilient.cache.FailureCacheStep;
import dev.resilient.event.EventType;
import dev.resilient.event.ResilienceEvent;
import dev.resilient.fallback.FallbackConfig;
import dev.resilient.fallback.FallbackStep;
import dev.resilient.pipeline.ResiliencePipeline;
import dev.resilient.step.IgnoredFailure;
import dev.resilient.step.Step;
import dev.resilient.step.StepContext;
import dev.resilient.time.ManualTime;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class IgnoringTerminalStepTest {

    private final ManualTime time = new ManualTime();
    private final StepContext ctx = StepContext.of("ign", ResilienceRuntime.manual(time));
    private final List<ResilienceEvent> events = new CopyOnWriteArrayList<>();
    private final ConditionConfig config = ConditionConfig.builder()
            .ignoreWhen(t -> t instanceof FileNotFoundException)
            .ignoreWhen(t -> "expected".equals(t.getMessage()))
            .build();
    private final FailureCache cache = new FailureCache(FailureCacheConfig.ofDefaults(), time);
    private final ResiliencePipeline pipeline = new ResiliencePipeline(
            ctx,
            new FallbackStep(
                    FallbackConfig.builder().value("fallback").reraise(false).build(),
                    ctx,
                    new FailureCacheStep(cache, ctx, new IgnoringTerminalStep(config.ignoreWhen(), ctx))));

    IgnoringTerminalStepTest() {
        ctx.events().addListener(events::add);
    }

    @Test
    void anIgnoredFailureComesOutOfThePipelineUntouchedAndCountedOnlyAsIgnored() {
        FileNotFoundException failure = new FileNotFoundException("missing");
        assertThatThrownBy(() -> pipeline.execute(() -> {
                    throw failure;
                }))
                .isSameAs(failure);
        IllegalStateException other = new IllegalStateException("expected");
        assertThat(failureOf(pipeline.executeAsync(() -> CompletableFuture.failedFuture(other))))
                .isSameAs(other);

        assertThat(pipeline.stats().ignored()).isEqualTo(2);
        assertThat(pipeline.stats().failures()).isZero();
        assertThat(pipeline.stats().fallbacks()).isZero();
        assertThat(cache.size()).isZero();
        assertThat(events).extracting(ResilienceEvent::type).containsExactly(EventType.IGNORED, EventType.IGNORED);
        assertThat(events.get(0).failure()).isSameAs(failure);
    }

    @Test
    void otherFailuresAreHandledByThePoliciesAsUsual() throws Exception {
        Object result = pipeline.execute(() -> {
            throw new IOException("down");
        });
        assertThat(result).isEqualTo("fallback");
        assertThat(pipeline.stats().ignored()).isZero();
        assertThat(pipeline.stats().fallbacks()).isEqualTo(1);
        assertThat(cache.size()).isEqualTo(1);
    }

    @Test
    void theStepAloneWrapsOnlyMatchingFailures() throws Exception {
        IgnoringTerminalStep step = new IgnoringTerminalStep(t -> t instanceof FileNotFoundException, ctx);
        FileNotFoundException matching = new FileNotFoundException();
        assertThatThrownBy(() -> step.execute(
                        () -> {
                            throw matching;
                        },
                        null))
                .isInstanceOf(IgnoredFailure.class)
                .hasCause(matching)
                .satisfies(t -> assertThat(Step.passesThrough(t)).isTrue());
        IOException other = new IOException();
        assertThatThrownBy(() -> step.execute(
                        () -> {
                            throw other;
                        },
                        null))
                .isSameAs(other);
        assertThat(step.execute(() -> "ok", null)).isEqualTo("ok");
        assertThat(failureOf(step.executeAsync(() -> CompletableFuture.failedFuture(matching), null)))
                .isInstanceOf(IgnoredFailure.class)
                .hasCause(matching);
        assertThat(failureOf(step.executeAsync(
                        () -> {
                            throw new IllegalStateException("thrown");
                        },
                        null)))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aThrowingPredicateCountsAsNoMatch() {
        AtomicInteger evaluations = new AtomicInteger();
        IgnoringTerminalStep step = new IgnoringTerminalStep(
                t -> {
                    evaluations.incrementAndGet();
                    throw new IllegalStateException("predicate bug");
                },
                ctx);
        IOException failure = new IOException();
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> step.execute(
                            () -> {
                                throw failure;
                            },
                            null))
                    .isSameAs(failure);
        }
        assertThat(evaluations).hasValue(3);
    }

    @Test
    void aConditionGateBypassesIgnoreWhenToo() {
        ResiliencePipeline gated = new ResiliencePipeline(
                ctx,
                new ConditionStep(
                        ConditionConfig.builder().when(() -> false).build(),
                        ctx,
                        new IgnoringTerminalStep(config.ignoreWhen(), ctx)));
        FileNotFoundException failure = new FileNotFoundException();
        assertThatThrownBy(() -> gated.execute(() -> {
                    throw failure;
                }))
                .isSameAs(failure);
        assertThat(gated.stats().ignored()).isZero();
        assertThat(gated.stats().failures()).isEqualTo(1);
    }
}
