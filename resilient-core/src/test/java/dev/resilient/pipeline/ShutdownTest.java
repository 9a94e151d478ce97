package dev.resilient.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.resilient.ResilienceException;
import dev.resilient.ResilienceRuntime;
import dev.resilient.observation.aggregation.AggregationConfig;
import dev.resilient.observation.aggregation.ErrorReport;
import dev.resilient.retry.Backoff;
import dev.resilient.retry.RetryConfig;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Closing the runtime or registry loses nothing: waiting calls are settled, buffers flushed. */
class ShutdownTest {

    @Test
    void asyncRetryWaitingWhenTheRuntimeClosesFailsWithAClearException() {
        ResilienceRuntime runtime = ResilienceRuntime.defaults();
        AtomicInteger calls = new AtomicInteger();
        ResiliencePipeline pipeline = ResiliencePipeline.of(
                "closing",
                PipelineConfig.builder()
                        .retry(RetryConfig.builder()
                                .maxAttempts(3)
                                .backoff(Backoff.fixed())
                                .baseDelay(Duration.ofHours(1))
                                .maxDelay(Duration.ofHours(1))
                                .build())
                        .build(),
                runtime);

        CompletableFuture<String> result = pipeline.<String>executeAsync(() -> {
                    calls.incrementAndGet();
                    return CompletableFuture.failedFuture(new IOException("down"));
                })
                .toCompletableFuture();
        assertThat(result).isNotDone();

        runtime.close();

        assertThatThrownBy(() -> result.get(5, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOf(ResilienceException.class)
                .hasMessageContaining("runtime closed while waiting before attempt 2")
                .satisfies(e -> assertThat(e.getSuppressed()).hasSize(1));
        assertThat(calls).hasValue(1);
        assertThatThrownBy(() -> runtime.scheduler().schedule(() -> {}, 0))
                .isInstanceOf(RejectedExecutionException.class);
    }

    @Test
    void closingTheRegistryFlushesAggregatedErrors() {
        List<ErrorReport> reports = new CopyOnWriteArrayList<>();
        ResilienceRegistry registry = new ResilienceRegistry();
        ResiliencePipeline pipeline = registry.pipeline(
                "aggregated",
                PipelineConfig.builder()
                        .aggregation(AggregationConfig.builder()
                                .window(Duration.ofHours(1))
                                .callback(reports::add)
                                .build())
                        .build());
        for (int i = 0; i < 5; i++) {
            assertThatThrownBy(() -> pipeline.execute(() -> {
                        throw new IOException("down");
                    }))
                    .isInstanceOf(IOException.class);
        }
        assertThat(reports).isEmpty();

        registry.close();

        assertThat(reports).hasSize(1);
        assertThat(reports.get(0).totalCount()).isEqualTo(5);
    }
}
