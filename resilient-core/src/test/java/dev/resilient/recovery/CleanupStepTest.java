package dev.resilient.recovery;

import static dev.resilient.testing.TestSteps.failureOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.resilient.ResilienceRuntime;
import dev.resilient.condition.IgnoringTerminalStep;
import dev.resilient.pipeline.ResiliencePipeline;
import dev.resilient.step.Exceptions;
import dev.resilient.step.Step;
import dev.resilient.step.StepContext;
import dev.resilient.time.ManualTime;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CleanupStepTest {

    private final StepContext ctx = StepContext.of("clean", ResilienceRuntime.manual(new ManualTime()));
    private final List<Throwable> seen = new ArrayList<>();
    private final AtomicInteger runs = new AtomicInteger();

    private CleanupStep step(CleanupConfig.Mode mode) {
        return new CleanupStep(
                CleanupConfig.builder()
                        .action(failure -> {
                            runs.incrementAndGet();
                            seen.add(failure);
                        })
                        .mode(mode)
                        .build(),
                ctx,
                Step.terminal());
    }

    private static Callable<Object> failing(Throwable failure) {
        return () -> {
            throw Exceptions.sneakyThrow(failure);
        };
    }

    @Test
    void alwaysRunsAfterSuccessWithNullAndAfterFailureWithTheFailure() throws Exception {
        CleanupStep step = step(CleanupConfig.Mode.ALWAYS);
        assertThat(step.execute(() -> "ok", null)).isEqualTo("ok");
        IOException failure = new IOException("down");
        assertThatThrownBy(() -> step.execute(failing(failure), null)).isSameAs(failure);
        assertThat(runs).hasValue(2);
        assertThat(seen).containsExactly(null, failure);
    }

    @Test
    void onFailureRunsOnlyAfterAFailure() throws Exception {
        CleanupStep step = step(CleanupConfig.Mode.ON_FAILURE);
        step.execute(() -> "ok", null);
        step.executeAsync(() -> CompletableFuture.completedFuture("ok"), null);
        assertThat(runs).hasValue(0);
        IOException failure = new IOException("down");
        assertThatThrownBy(() -> step.execute(failing(failure), null)).isSameAs(failure);
        assertThat(failureOf(step.executeAsync(() -> CompletableFuture.failedFuture(failure), null)))
                .isSameAs(failure);
        assertThat(seen).containsExactly(failure, failure);
    }

    @Test
    void runnableActionsWork() throws Exception {
        AtomicInteger count = new AtomicInteger();
        CleanupStep step = new CleanupStep(CleanupConfig.always(count::incrementAndGet), ctx, Step.terminal());
        step.execute(() -> "ok", null);
        assertThatThrownBy(() -> step.execute(failing(new IOException()), null));
        assertThat(count).hasValue(2);
    }

    @Test
    void aThrowingCleanupIsSuppressedIntoTheCallsFailureAndNeverMasksIt() throws Exception {
        IllegalStateException cleanupFailure = new IllegalStateException("cleanup failed");
        CleanupStep step = new CleanupStep(
                CleanupConfig.builder()
                        .action(() -> {
                            throw cleanupFailure;
                        })
                        .build(),
                ctx,
                Step.terminal());

        IOException failure = new IOException("down");
        assertThatThrownBy(() -> step.execute(failing(failure), null)).isSameAs(failure);
        assertThat(failure.getSuppressed()).containsExactly(cleanupFailure);

        IOException asyncFailure = new IOException("async down");
        assertThat(failureOf(step.executeAsync(() -> CompletableFuture.failedFuture(asyncFailure), null)))
                .isSameAs(asyncFailure);
        assertThat(asyncFailure.getSuppressed()).containsExactly(cleanupFailure);

        assertThat(step.execute(() -> "ok", null)).isEqualTo("ok");
        assertThat(step.executeAsync(() -> CompletableFuture.completedFuture("ok"), null)
                        .toCompletableFuture())
                .isCompletedWithValue("ok");
    }

    @Test
    void asyncCleanupRunsWhenTheStageCompletes() {
        CleanupStep step = step(CleanupConfig.Mode.ALWAYS);
        CompletableFuture<String> call = new CompletableFuture<>();
        CompletableFuture<String> result = step.executeAsync(() -> call, null).toCompletableFuture();
        assertThat(runs).hasValue(0);
        assertThat(result).isNotDone();
        call.complete("done");
        assertThat(runs).hasValue(1);
        assertThat(result).isCompletedWithValue("done");

        IllegalStateException thrown = new IllegalStateException("thrown instead of a stage");
        assertThat(failureOf(step.executeAsync(
                        () -> {
                            throw thrown;
                        },
                        null)))
                .isSameAs(thrown);
        assertThat(seen).containsExactly(null, thrown);
    }

    @Test
    void anIgnoredFailureReachesTheActionUnwrappedAndTheCallerUnchanged() {
        CleanupStep step = new CleanupStep(
                CleanupConfig.onFailure(seen::add), ctx, new IgnoringTerminalStep(t -> t instanceof IOException, ctx));
        ResiliencePipeline pipeline = new ResiliencePipeline(ctx, step);
        IOException failure = new IOException("expected");
        assertThatThrownBy(() -> pipeline.execute(failing(failure))).isSameAs(failure);
        assertThat(seen).containsExactly(failure);
        assertThat(pipeline.stats().ignored()).isEqualTo(1);
    }

    @Test
    void invalidConfigurationsNameTheField() {
        assertThatThrownBy(() -> CleanupConfig.builder().build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("action");
        assertThatThrownBy(() ->
                        CleanupConfig.builder().action(() -> {}).mode(null).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("mode");
    }
}
