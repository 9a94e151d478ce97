package dev.resilient.condition;

import static dev.resilient.testing.TestSteps.valueOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.resilient.ResilienceRuntime;
import dev.resilient.step.Step;
import dev.resilient.step.StepContext;
import dev.resilient.time.ManualTime;
import java.io.IOException;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class ConditionStepTest {

    private final StepContext ctx = StepContext.of("cond", ResilienceRuntime.manual(new ManualTime()));
    private final Step inner = new RecordingStep();
    private final AtomicInteger innerCalls = new AtomicInteger();
    private final AtomicBoolean innerExplodes = new AtomicBoolean(true);

    /** An inner step that must not be reached while the condition is false. */
    private final class RecordingStep extends Step {
        RecordingStep() {
            super(Step.terminal());
        }

        @Override
        public <T> T execute(Callable<T> call, Object[] args) throws Exception {
            innerCalls.incrementAndGet();
            if (innerExplodes.get()) {
                throw new AssertionError("the inner steps must be skipped");
            }
            return next.execute(call, args);
        }

        @Override
        public <T> CompletionStage<T> executeAsync(Supplier<? extends CompletionStage<T>> call, Object[] args) {
            innerCalls.incrementAndGet();
            if (innerExplodes.get()) {
                throw new AssertionError("the inner steps must be skipped");
            }
            return next.executeAsync(call, args);
        }
    }

    private ConditionStep step(ConditionConfig.Builder config) {
        return new ConditionStep(config.build(), ctx, inner);
    }

    @Test
    void whenFalseTheCallRunsStraightThroughSkippingTheInnerSteps() throws Exception {
        ConditionStep step = step(ConditionConfig.builder().when(() -> false));
        assertThat(step.execute(() -> "direct", null)).isEqualTo("direct");
        assertThat(valueOf(step.executeAsync(() -> CompletableFuture.completedFuture("async direct"), null)))
                .isEqualTo("async direct");
        IOException failure = new IOException("down");
        assertThatThrownBy(() -> step.execute(
                        () -> {
                            throw failure;
                        },
                        null))
                .isSameAs(failure);
        assertThat(innerCalls).hasValue(0);
    }

    @Test
    void whenTrueTheCallGoesThroughTheInnerSteps() throws Exception {
        innerExplodes.set(false);
        ConditionStep step = step(ConditionConfig.builder().when(() -> true));
        assertThat(step.execute(() -> "wrapped", null)).isEqualTo("wrapped");
        assertThat(valueOf(step.executeAsync(() -> CompletableFuture.completedFuture("async"), null)))
                .isEqualTo("async");
        assertThat(innerCalls).hasValue(2);
    }

    @Test
    void anArgumentPredicateDecidesPerCall() throws Exception {
        innerExplodes.set(false);
        ConditionStep step = step(ConditionConfig.builder().when(args -> args != null && "guarded".equals(args[0])));
        step.execute(() -> "x", new Object[] {"guarded"});
        step.execute(() -> "x", new Object[] {"other"});
        step.execute(() -> "x", null);
        assertThat(innerCalls).hasValue(1);
    }

    @Test
    void aConditionCallbackIsAFeatureFlagReadOnEveryCall() throws Exception {
        innerExplodes.set(false);
        AtomicBoolean flag = new AtomicBoolean(false);
        ConditionStep step = step(ConditionConfig.builder().conditionCallback(flag::get));
        step.execute(() -> "x", null);
        assertThat(innerCalls).hasValue(0);
        flag.set(true);
        step.execute(() -> "x", null);
        assertThat(innerCalls).hasValue(1);
        flag.set(false);
        step.execute(() -> "x", null);
        assertThat(innerCalls).hasValue(1);
    }

    @Test
    void allConditionsMustHold() throws Exception {
        innerExplodes.set(false);
        AtomicBoolean first = new AtomicBoolean(true);
        AtomicBoolean second = new AtomicBoolean(false);
        ConditionStep step = step(ConditionConfig.builder().when(first::get).conditionCallback(second::get));
        step.execute(() -> "x", null);
        assertThat(innerCalls).hasValue(0);
        second.set(true);
        step.execute(() -> "x", null);
        assertThat(innerCalls).hasValue(1);
    }

    @Test
    void aThrowingConditionCountsAsFalseAndNeverBreaksTheCall() throws Exception {
        AtomicInteger evaluations = new AtomicInteger();
        ConditionStep step = step(ConditionConfig.builder().when(() -> {
            evaluations.incrementAndGet();
            throw new IllegalStateException("flag service down");
        }));
        for (int i = 0; i < 5; i++) {
            assertThat(step.execute(() -> "direct", null)).isEqualTo("direct");
        }
        assertThat(valueOf(step.executeAsync(() -> CompletableFuture.completedFuture("async"), null)))
                .isEqualTo("async");
        assertThat(evaluations).hasValue(6);
        assertThat(innerCalls).hasValue(0);
        assertThat(step.applies(null)).isFalse();
    }

    @Test
    void withoutConditionsThePoliciesAlwaysApply() throws Exception {
        innerExplodes.set(false);
        ConditionStep step = new ConditionStep(ConditionConfig.ofDefaults(), ctx, inner);
        step.execute(() -> "x", null);
        assertThat(innerCalls).hasValue(1);
        assertThat(ConditionConfig.ofDefaults().hasConditions()).isFalse();
        assertThat(ConditionConfig.ofDefaults().ignoreWhen()).isNull();
    }

    @Test
    void aCustomBypassStepReceivesTheCallsThatSkipThePolicies() throws Exception {
        AtomicInteger bypassed = new AtomicInteger();
        Step bypass = new Step(Step.terminal()) {
            @Override
            public <T> T execute(Callable<T> call, Object[] args) throws Exception {
                bypassed.incrementAndGet();
                return next.execute(call, args);
            }

            @Override
            public <T> CompletionStage<T> executeAsync(Supplier<? extends CompletionStage<T>> call, Object[] args) {
                bypassed.incrementAndGet();
                return next.executeAsync(call, args);
            }
        };
        ConditionStep step =
                new ConditionStep(ConditionConfig.builder().when(() -> false).build(), ctx, inner, bypass);
        step.execute(() -> "x", null);
        assertThat(bypassed).hasValue(1);
        assertThat(innerCalls).hasValue(0);
    }

    @Test
    void nullCallbacksAreRejectedNamingTheField() {
        assertThatThrownBy(() -> ConditionConfig.builder().conditionCallback(null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("conditionCallback");
        assertThatThrownBy(() -> ConditionConfig.builder().ignoreWhen(null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ignoreWhen");
    }
}
