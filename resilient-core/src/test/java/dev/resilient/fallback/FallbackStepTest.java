package dev.resilient.fallback;

import static dev.resilient.testing.TestSteps.failureOf;
import static dev.resilient.testing.TestSteps.valueOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.resilient.ResilienceRuntime;
import dev.resilient.event.EventType;
import dev.resilient.event.ResilienceEvent;
import dev.resilient.pipeline.ResiliencePipeline;
import dev.resilient.step.IgnoredFailure;
import dev.resilient.step.Step;
import dev.resilient.step.StepContext;
import dev.resilient.testing.TestSteps.Fatal;
import dev.resilient.testing.TestSteps.Rejected;
import dev.resilient.time.ManualTime;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class FallbackStepTest {

    private final ManualTime time = new ManualTime();
    private final StepContext ctx = StepContext.of("fb", ResilienceRuntime.manual(time));
    private final List<ResilienceEvent> events = new CopyOnWriteArrayList<>();

    FallbackStepTest() {
        ctx.events().addListener(events::add);
    }

    private FallbackStep step(FallbackConfig.Builder config) {
        return new FallbackStep(config.build(), ctx, Step.terminal());
    }

    private static Callable<String> failing(Throwable failure) {
        return () -> {
            throw dev.resilient.step.Exceptions.sneakyThrow(failure);
        };
    }

    private static CompletionStage<String> failedStage(Throwable failure) {
        return CompletableFuture.failedFuture(failure);
    }

    @Test
    void successPassesThroughWithoutCountingOrEvents() throws Exception {
        FallbackStep step = step(FallbackConfig.builder().value("fallback"));
        assertThat(step.execute(() -> "ok", null)).isEqualTo("ok");
        assertThat(valueOf(step.executeAsync(() -> CompletableFuture.completedFuture("ok"), null)))
                .isEqualTo("ok");
        assertThat(ctx.stats().fallbacks()).isZero();
        assertThat(events).isEmpty();
    }

    @Test
    void valueFallbackAnswersAFailureAndIsCountedWithAnEvent() throws Exception {
        FallbackStep step = step(FallbackConfig.builder().value("fallback"));
        IOException failure = new IOException("down");
        Object[] args = {"a", 1};

        assertThat(step.execute(failing(failure), args)).isEqualTo("fallback");
        assertThat(valueOf(step.executeAsync(() -> failedStage(failure), args))).isEqualTo("fallback");

        assertThat(ctx.stats().fallbacks()).isEqualTo(2);
        assertThat(events).hasSize(2).allSatisfy(event -> {
            assertThat(event.type()).isEqualTo(EventType.FALLBACK);
            assertThat(event.failure()).isSameAs(failure);
            assertThat(event.result()).isEqualTo("fallback");
            assertThat(event.arguments()).isSameAs(args);
            assertThat(event.detail()).isEqualTo("fallback");
        });
    }

    @Test
    void functionsReceiveTheFailureAndTheArguments() throws Exception {
        FallbackStep ofFailure = step(FallbackConfig.builder().function(t -> "for " + t.getMessage()));
        assertThat(ofFailure.execute(failing(new IOException("down")), null)).isEqualTo("for down");

        FallbackStep withArgs =
                step(FallbackConfig.builder().functionWithArgs((t, args) -> t.getMessage() + " " + args[0]));
        assertThat(withArgs.execute(failing(new IOException("down")), new Object[] {"x"}))
                .isEqualTo("down x");
        assertThat(valueOf(withArgs.executeAsync(() -> failedStage(new IOException("late")), new Object[] {"y"})))
                .isEqualTo("late y");
    }

    @Test
    void chainTriesAlternativesInOrderEachWithTheOriginalFailure() throws Exception {
        List<String> tried = new ArrayList<>();
        List<Throwable> seen = new ArrayList<>();
        IOException original = new IOException("down");
        FallbackStep step = step(FallbackConfig.builder()
                .function(t -> {
                    tried.add("first");
                    seen.add(t);
                    throw new IllegalStateException("first failed");
                })
                .functionWithArgs((t, args) -> {
                    tried.add("second");
                    seen.add(t);
                    throw new IOException("second failed");
                })
                .function(t -> {
                    tried.add("third");
                    seen.add(t);
                    return "third";
                })
                .value("never"));

        assertThat(step.execute(failing(original), null)).isEqualTo("third");
        assertThat(tried).containsExactly("first", "second", "third");
        assertThat(seen).containsOnly(original);

        tried.clear();
        assertThat(valueOf(step.executeAsync(() -> failedStage(original), null)))
                .isEqualTo("third");
        assertThat(tried).containsExactly("first", "second", "third");
        assertThat(ctx.stats().fallbacks()).isEqualTo(2);
    }

    @Test
    void exhaustedChainRaisesTheLastFailureWithTheEarlierOnesSuppressedInOrder() {
        IOException original = new IOException("down");
        IllegalStateException first = new IllegalStateException("first");
        IllegalArgumentException second = new IllegalArgumentException("second");
        UncheckedIOException last = new UncheckedIOException(new IOException("last"));
        FallbackConfig.Builder config = FallbackConfig.builder()
                .function(t -> {
                    throw first;
                })
                .function(t -> {
                    throw second;
                })
                .function(t -> {
                    throw last;
                });

        assertThatThrownBy(() -> step(config).execute(failing(original), null)).isSameAs(last);
        assertThat(last.getSuppressed()).containsExactly(original, first, second);
        assertThat(ctx.stats().fallbacks()).isZero();
    }

    @Test
    void exhaustedChainAsyncRaisesTheLastFailureWithTheEarlierOnesSuppressed() {
        IOException original = new IOException("down");
        IllegalStateException first = new IllegalStateException("first");
        IOException last = new IOException("last");
        FallbackStep step = step(FallbackConfig.builder()
                .asyncFunction(t -> CompletableFuture.failedFuture(first))
                .function(t -> CompletableFuture.failedFuture(last)));

        Throwable failure = failureOf(step.executeAsync(() -> failedStage(original), null));
        assertThat(failure).isSameAs(last);
        assertThat(last.getSuppressed()).containsExactly(original, first);
    }

    @Test
    void anAlternativeRethrowingTheOriginalDoesNotSuppressItIntoItself() {
        IOException original = new IOException("down");
        FallbackStep step = step(FallbackConfig.builder().function(t -> {
            throw dev.resilient.step.Exceptions.sneakyThrow(t);
        }));
        assertThatThrownBy(() -> step.execute(failing(original), null)).isSameAs(original);
        assertThat(original.getSuppressed()).isEmpty();
    }

    @Test
    void asyncAlternativesAreComposedOnTheAsyncPathAndAwaitedOnTheSyncPath() throws Exception {
        CompletableFuture<String> later = new CompletableFuture<>();
        FallbackStep step = step(FallbackConfig.builder().asyncFunction(t -> later));

        CompletableFuture<String> result = step.<String>executeAsync(() -> failedStage(new IOException("down")), null)
                .toCompletableFuture();
        assertThat(result).isNotDone();
        assertThat(ctx.stats().fallbacks()).isZero();
        later.complete("async fallback");
        assertThat(result).isCompletedWithValue("async fallback");
        assertThat(ctx.stats().fallbacks()).isEqualTo(1);

        assertThat(step.execute(failing(new IOException("down")), null)).isEqualTo("async fallback");
    }

    @Test
    void aFunctionReturningAStageIsComposedOnTheAsyncPath() {
        FallbackStep step =
                step(FallbackConfig.builder().function(t -> CompletableFuture.completedFuture("from stage")));
        assertThat(valueOf(step.<Object>executeAsync(() -> CompletableFuture.failedFuture(new IOException()), null)))
                .isEqualTo("from stage");
    }

    @Test
    void suppressedTypesYieldNullWithoutAFallbackAndTheFallbackWithOne() throws Exception {
        FallbackStep noChain = step(FallbackConfig.builder().suppress(IOException.class));
        assertThat(noChain.execute(failing(new FileNotFoundException("gone")), null))
                .isNull();
        assertThat(valueOf(noChain.executeAsync(() -> failedStage(new IOException("x")), null)))
                .isNull();
        assertThatThrownBy(() -> noChain.execute(failing(new IllegalStateException("other")), null))
                .isInstanceOf(IllegalStateException.class);
        assertThat(ctx.stats().fallbacks()).isEqualTo(2);
        assertThat(events).extracting(ResilienceEvent::detail).containsExactly("suppressed", "suppressed");

        FallbackStep withChain = step(FallbackConfig.builder()
                .handles(IllegalStateException.class)
                .suppress(IOException.class)
                .value("fallback"));
        assertThat(withChain.execute(failing(new IOException("x")), null)).isEqualTo("fallback");
    }

    @Test
    void failuresNotHandledAreRethrownUnchanged() {
        FallbackStep step =
                step(FallbackConfig.builder().handles(IOException.class).value("fallback"));
        IllegalStateException other = new IllegalStateException("other");
        assertThatThrownBy(() -> step.execute(failing(other), null)).isSameAs(other);
        assertThat(failureOf(step.executeAsync(() -> failedStage(other), null))).isSameAs(other);
        assertThat(ctx.stats().fallbacks()).isZero();
    }

    @Test
    void errorsAreNeverHandledMappedOrSuppressed() {
        Fatal fatal = new Fatal("fatal");
        FallbackStep step = step(FallbackConfig.builder()
                .handles(Throwable.class)
                .value("fallback")
                .errorMapper(t -> new IllegalStateException("mapped"))
                .reraise(false));
        assertThatThrownBy(() -> step.execute(failing(fatal), null)).isSameAs(fatal);
        assertThat(failureOf(step.executeAsync(() -> failedStage(fatal), null))).isSameAs(fatal);
        assertThat(ctx.stats().fallbacks()).isZero();
    }

    @Test
    void ignoredFailuresPassThroughUntouched() {
        IgnoredFailure ignored = new IgnoredFailure(new IOException("expected"));
        FallbackStep step = step(FallbackConfig.builder()
                .value("fallback")
                .suppress(RuntimeException.class)
                .reraise(false));
        assertThatThrownBy(() -> step.execute(failing(ignored), null)).isSameAs(ignored);
        assertThat(failureOf(step.executeAsync(() -> failedStage(ignored), null)))
                .isSameAs(ignored);
        assertThat(ctx.stats().fallbacks()).isZero();
    }

    @Test
    void errorMapperMapsAFailureNoFallbackHandles() {
        FallbackStep step = step(
                FallbackConfig.builder().errorMapper(t -> new IllegalStateException("mapped: " + t.getMessage(), t)));
        IOException original = new IOException("down");
        assertThatThrownBy(() -> step.execute(failing(original), null))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("mapped: down")
                .hasCause(original);
        assertThat(failureOf(step.executeAsync(() -> failedStage(original), null)))
                .isInstanceOf(IllegalStateException.class)
                .hasCause(original);
    }

    @Test
    void errorMapperAlsoMapsTheFailureOfAnExhaustedChain() {
        FallbackStep step = step(FallbackConfig.builder()
                .function(t -> {
                    throw new IllegalArgumentException("fallback failed");
                })
                .errorMapper(t -> new IllegalStateException("mapped", t)));
        assertThatThrownBy(() -> step.execute(failing(new IOException("down")), null))
                .isInstanceOf(IllegalStateException.class)
                .cause()
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aThrowingMapperLeavesTheOriginalWithTheMapperFailureSuppressed() {
        IllegalStateException mapperFailure = new IllegalStateException("mapper bug");
        FallbackStep step = step(FallbackConfig.builder().errorMapper(t -> {
            throw mapperFailure;
        }));
        IOException original = new IOException("down");
        assertThatThrownBy(() -> step.execute(failing(original), null)).isSameAs(original);
        assertThat(original.getSuppressed()).containsExactly(mapperFailure);

        IOException asyncOriginal = new IOException("async");
        assertThat(failureOf(step.executeAsync(() -> failedStage(asyncOriginal), null)))
                .isSameAs(asyncOriginal);
        assertThat(asyncOriginal.getSuppressed()).containsExactly(mapperFailure);
    }

    @Test
    void aMapperReturningNullLeavesTheOriginal() {
        FallbackStep step = step(FallbackConfig.builder().errorMapper(t -> null));
        IOException original = new IOException("down");
        assertThatThrownBy(() -> step.execute(failing(original), null)).isSameAs(original);
    }

    @Test
    void reraiseFalseReturnsTheFallbackOrNullForAnyFailure() throws Exception {
        FallbackStep noChain = step(FallbackConfig.builder().reraise(false));
        assertThat(noChain.execute(failing(new IOException("down")), null)).isNull();
        assertThat(valueOf(noChain.executeAsync(() -> failedStage(new IOException("down")), null)))
                .isNull();

        FallbackStep notHandled = step(FallbackConfig.builder()
                .handles(IOException.class)
                .value("fallback")
                .reraise(false));
        assertThat(notHandled.execute(failing(new IllegalStateException("other")), null))
                .isEqualTo("fallback");

        FallbackStep failingChain = step(FallbackConfig.builder().reraise(false).function(t -> {
            throw new IllegalStateException("fallback failed");
        }));
        assertThat(failingChain.execute(failing(new IOException("down")), null)).isNull();
        assertThat(valueOf(failingChain.executeAsync(() -> failedStage(new IOException("down")), null)))
                .isNull();

        assertThat(ctx.stats().fallbacks()).isEqualTo(5);
        assertThat(events).extracting(ResilienceEvent::detail).contains("reraise=false");
    }

    @Test
    void rejectionsGetTheFallbackEvenWhenNotAmongHandledTypes() throws Exception {
        FallbackStep step =
                step(FallbackConfig.builder().handles(IOException.class).value("cached"));
        assertThat(step.execute(failing(new Rejected()), null)).isEqualTo("cached");
        assertThat(valueOf(step.executeAsync(() -> failedStage(new Rejected()), null)))
                .isEqualTo("cached");

        FallbackStep strict = step(FallbackConfig.builder()
                .handles(IOException.class)
                .value("cached")
                .handleRejections(false));
        assertThatThrownBy(() -> strict.execute(failing(new Rejected()), null)).isInstanceOf(Rejected.class);
    }

    @Test
    void anAsyncCallThatThrowsInsteadOfReturningAStageGetsTheFallback() {
        FallbackStep step = step(FallbackConfig.builder().value("fallback"));
        assertThat(valueOf(step.<Object>executeAsync(
                        () -> {
                            throw new IllegalStateException("sync throw");
                        },
                        null)))
                .isEqualTo("fallback");
    }

    @Test
    void interruptedCallsThatFallBackKeepTheInterruptFlag() throws Exception {
        FallbackStep step = step(FallbackConfig.builder().value("fallback"));
        try {
            assertThat(step.execute(failing(new InterruptedException()), null)).isEqualTo("fallback");
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void throughAPipelineAFallbackCountsAsAFallbackNotAFailure() throws Exception {
        ResiliencePipeline pipeline =
                new ResiliencePipeline(ctx, step(FallbackConfig.builder().value("fb")));
        assertThat(pipeline.execute(failing(new IOException("down")))).isEqualTo("fb");
        assertThat(pipeline.execute(() -> "ok")).isEqualTo("ok");
        assertThat(pipeline.stats().fallbacks()).isEqualTo(1);
        assertThat(pipeline.stats().successes()).isEqualTo(1);
        assertThat(pipeline.stats().failures()).isZero();
    }
}
