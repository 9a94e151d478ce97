package dev.resilient.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.resilient.ResilienceRuntime;
import dev.resilient.step.Step;
import dev.resilient.step.StepContext;
import dev.resilient.time.ManualTime;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class ResiliencePipelineTest {

    private final ResiliencePipeline pipeline = new ResiliencePipeline(
            StepContext.of("plain", ResilienceRuntime.manual(new ManualTime())), Step.terminal());

    @Test
    void runsTheCallAndReturnsItsValue() throws Exception {
        assertThat(pipeline.execute(() -> "ok")).isEqualTo("ok");
        assertThat(pipeline.get(() -> 42)).isEqualTo(42);
        assertThat(pipeline.name()).isEqualTo("plain");
    }

    @Test
    void checkedExceptionsPropagateUnchanged() {
        IOException failure = new IOException("down");
        assertThatThrownBy(() -> pipeline.execute(() -> {
                    throw failure;
                }))
                .isSameAs(failure);
        assertThatThrownBy(() -> pipeline.run(() -> {
                    throw new IllegalStateException("boom");
                }))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("boom");
    }

    @Test
    void asyncFailuresAreUnwrapped() {
        IOException failure = new IOException("down");
        var stage = pipeline.executeAsync(() -> CompletableFuture.failedFuture(failure))
                .toCompletableFuture();
        assertThat(stage).isCompletedExceptionally();
        assertThat(failureOf(stage)).isSameAs(failure);
        var thrown = pipeline.executeAsync(() -> {
                    throw new IllegalStateException("sync throw");
                })
                .toCompletableFuture();
        assertThat(failureOf(thrown)).isInstanceOf(IllegalStateException.class);
        var nullStage = pipeline.<String>executeAsync(() -> null).toCompletableFuture();
        assertThat(failureOf(nullStage)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void countsCallsAndHowTheyEnded() throws Exception {
        pipeline.execute(() -> "ok");
        assertThatThrownBy(() -> pipeline.execute(() -> {
            throw new IOException("down");
        }));
        pipeline.executeAsync(() -> CompletableFuture.completedFuture("async"));
        assertThat(pipeline.stats().calls()).isEqualTo(3);
        assertThat(pipeline.stats().successes()).isEqualTo(2);
        assertThat(pipeline.stats().failures()).isEqualTo(1);
        assertThat(pipeline.stats().successRate()).isEqualTo(2.0 / 3);
    }

    private static Throwable failureOf(CompletableFuture<?> future) {
        return future.handle((value, failure) -> failure).join();
    }
}
