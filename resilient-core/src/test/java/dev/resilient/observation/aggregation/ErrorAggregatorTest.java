package dev.resilient.observation.aggregation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.resilient.ResilienceRuntime;
import dev.resilient.event.EventType;
import dev.resilient.event.ResilienceEvent;
import dev.resilient.observation.LogCapture;
import dev.resilient.observation.ObservationConfig;
import dev.resilient.observation.ObservationStep;
import dev.resilient.pipeline.ResiliencePipeline;
import dev.resilient.step.Step;
import dev.resilient.step.StepContext;
import dev.resilient.time.ManualTime;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ErrorAggregatorTest {

    private final ManualTime time = new ManualTime();
    private final ResilienceRuntime runtime = ResilienceRuntime.manual(time);
    private final List<ErrorReport> reports = new CopyOnWriteArrayList<>();
    private ErrorAggregator aggregator;

    @AfterEach
    void close() {
        if (aggregator != null) {
            aggregator.close();
        }
    }

    private ErrorAggregator aggregator(AggregationConfig.Builder config) {
        aggregator = new ErrorAggregator(config.callback(reports::add).build(), runtime);
        return aggregator;
    }

    private static long total(List<ErrorReport> reports) {
        return reports.stream().mapToLong(ErrorReport::totalCount).sum();
    }

    @Test
    void groupsFailuresByInstanceTypeAndMessage() {
        ErrorAggregator aggregator = aggregator(AggregationConfig.builder().window(Duration.ofSeconds(10)));
        for (int i = 0; i < 3; i++) {
            aggregator.record("payments", new IOException("gateway down"));
            time.advance(Duration.ofSeconds(1));
        }
        aggregator.record("payments", new IOException("timeout"));
        aggregator.record("payments", new IllegalStateException("gateway down"));
        aggregator.record("orders", new IOException("gateway down"));
        aggregator.onEvent(
                ResilienceEvent.builder(EventType.SUCCESS, "orders", 0).build());

        ErrorReport report = aggregator.flush();

        assertThat(reports).containsExactly(report);
        assertThat(report.totalCount()).isEqualTo(6);
        assertThat(report.otherCount()).isZero();
        assertThat(report.groups()).hasSize(4);
        ErrorGroup top = report.groups().get(0);
        assertThat(top.instance()).isEqualTo("payments");
        assertThat(top.exceptionType()).isEqualTo("java.io.IOException");
        assertThat(top.message()).isEqualTo("gateway down");
        assertThat(top.count()).isEqualTo(3);
        assertThat(top.lastSeen().toEpochMilli() - top.firstSeen().toEpochMilli())
                .isEqualTo(2000);
        assertThat(top.sampleStackTrace())
                .startsWith("java.io.IOException: gateway down\n")
                .contains("frames hidden");
        assertThat(report.summary()).contains("3 x payments: java.io.IOException: gateway down");
        assertThat(aggregator.flush()).isNull();
    }

    @Test
    void reportedMessagesAndSampleTracesAreScrubbed() {
        ErrorAggregator aggregator = aggregator(AggregationConfig.builder().window(Duration.ofSeconds(10)));
        aggregator.record("payments", new IOException("401 with Authorization: Bearer S3CR3T.jwt"));
        ErrorReport report = aggregator.flush();
        assertThat(report.groups().get(0).message()).isEqualTo("401 with Authorization: ***");
        assertThat(report.groups().get(0).sampleStackTrace()).doesNotContain("S3CR3T");
        assertThat(report.summary()).doesNotContain("S3CR3T");
    }

    @Test
    void flushesEveryWindowInTheBackgroundAndOnCloseWithNothingLost() {
        ErrorAggregator aggregator = aggregator(AggregationConfig.builder().window(Duration.ofSeconds(5)));
        int recorded = 0;
        for (int second = 0; second < 23; second++) {
            for (int i = 0; i <= second % 4; i++) {
                aggregator.record("svc", new IOException("e" + (i % 2)));
                recorded++;
            }
            time.advance(Duration.ofSeconds(1));
        }
        assertThat(reports).hasSize(4);
        assertThat(reports.get(1).windowStart()).isEqualTo(reports.get(0).windowEnd());
        assertThat(reports.get(1).windowEnd().toEpochMilli()
                        - reports.get(1).windowStart().toEpochMilli())
                .isEqualTo(5000);

        aggregator.close();

        assertThat(reports).hasSize(5);
        assertThat(total(reports)).isEqualTo(recorded).isEqualTo(aggregator.recordedCount());
        assertThat(time.pendingTasks()).isZero();
        time.advance(Duration.ofMinutes(1));
        assertThat(reports).hasSize(5);
    }

    @Test
    void aThrowingCallbackIsLoggedWithTheReportSoItIsNotLost() {
        aggregator = new ErrorAggregator(
                AggregationConfig.builder()
                        .callback(report -> {
                            throw new IllegalStateException("report sink down");
                        })
                        .build(),
                runtime);
        aggregator.record("svc", new IOException("disk full"));
        try (LogCapture log = new LogCapture(ErrorAggregator.class)) {
            time.advance(Duration.ofSeconds(10));
            assertThat(log.single().getFormattedMessage()).contains("1 x svc: java.io.IOException: disk full");
        }
        aggregator.record("svc", new IOException("disk full"));
        time.advance(Duration.ofSeconds(10));
        assertThat(aggregator.recordedCount()).isEqualTo(2);
    }

    @Test
    void memoryIsBoundedUnderAMillionErrorsOfAThousandKinds() {
        ErrorAggregator aggregator =
                aggregator(AggregationConfig.builder().maxGroups(100).window(Duration.ofHours(1)));
        IOException[] kinds = new IOException[1000];
        for (int k = 0; k < kinds.length; k++) {
            kinds[k] = new IOException("kind " + k);
        }
        for (int i = 0; i < 1_000_000; i++) {
            aggregator.record("bulk", kinds[i % kinds.length]);
            if (i % 100_000 == 0) {
                assertThat(aggregator.bufferedGroups()).isLessThanOrEqualTo(100);
            }
        }
        assertThat(aggregator.bufferedGroups()).isEqualTo(100);

        ErrorReport report = aggregator.flush();

        assertThat(report.groups()).hasSize(100);
        assertThat(report.groups())
                .allSatisfy(group -> assertThat(group.count()).isEqualTo(1000));
        assertThat(report.otherCount()).isEqualTo(900_000);
        assertThat(report.totalCount()).isEqualTo(1_000_000);
        assertThat(aggregator.errorsInWindow("bulk")).isEqualTo(1_000_000);
    }

    @Test
    void concurrentRecordingAndFlushingLosesNothing() throws Exception {
        ErrorAggregator aggregator = aggregator(AggregationConfig.builder().maxGroups(10));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 3; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < 50_000; i++) {
                        aggregator.record("svc" + thread, new IllegalStateException("k" + (i % 7)));
                    }
                }));
            }
            AtomicInteger flushes = new AtomicInteger();
            futures.add(pool.submit(() -> {
                while (flushes.incrementAndGet() < 200) {
                    aggregator.flush();
                    Thread.yield();
                }
            }));
            for (Future<?> future : futures) {
                future.get(10, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        aggregator.close();
        assertThat(total(reports)).isEqualTo(150_000);
        assertThat(reports)
                .allSatisfy(report -> assertThat(report.groups().size()).isLessThanOrEqualTo(10));
    }

    @Test
    void theErrorLimitFailsCallsFastUntilTheWindowRolls() throws Exception {
        ErrorAggregator aggregator = aggregator(
                AggregationConfig.builder().window(Duration.ofSeconds(10)).errorLimit(3));
        StepContext context = StepContext.of("payments", runtime);
        List<ResilienceEvent> rejections = new CopyOnWriteArrayList<>();
        context.events().addListener(event -> {
            if (event.type() == EventType.REJECTED) {
                rejections.add(event);
            }
        });
        ResiliencePipeline pipeline = new ResiliencePipeline(
                context,
                new ObservationStep(
                        ObservationConfig.ofDefaults(),
                        context,
                        new ErrorLimitStep(aggregator, context, Step.terminal())));
        AtomicInteger calls = new AtomicInteger();

        time.advance(Duration.ofSeconds(2));
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> pipeline.execute(() -> {
                        calls.incrementAndGet();
                        throw new IOException("down");
                    }))
                    .isInstanceOf(IOException.class);
        }
        assertThat(aggregator.errorsInWindow("payments")).isEqualTo(3);

        time.advance(Duration.ofMillis(2500));
        assertThatThrownBy(() -> pipeline.execute(() -> calls.incrementAndGet()))
                .isInstanceOf(ErrorLimitExceededException.class)
                .hasMessage("Error limit of 3 errors per PT10S reached for 'payments'; calls are refused until "
                        + "the window rolls in 5500 ms")
                .satisfies(e ->
                        assertThat(((ErrorLimitExceededException) e).instance()).isEqualTo("payments"));
        CompletableFuture<Integer> async = pipeline.executeAsync(
                        () -> CompletableFuture.completedFuture(calls.incrementAndGet()))
                .toCompletableFuture();
        assertThat(async).isCompletedExceptionally();
        assertThat(calls).hasValue(3);
        assertThat(rejections).hasSize(2);
        assertThat(aggregator.errorsInWindow("payments")).isEqualTo(3);

        time.advance(Duration.ofMillis(5500));
        assertThat(aggregator.errorsInWindow("payments")).isZero();
        assertThat(pipeline.execute(() -> calls.incrementAndGet())).isEqualTo(4);
        assertThat(reports).hasSize(1);
        assertThat(reports.get(0).totalCount()).isEqualTo(3);
    }

    @Test
    void theErrorLimitOfOneInstanceDoesNotStopAnother() throws Exception {
        ErrorAggregator aggregator = aggregator(AggregationConfig.builder().errorLimit(1));
        StepContext a = StepContext.of("a", runtime);
        StepContext b = StepContext.of("b", runtime);
        ErrorLimitStep stepA = new ErrorLimitStep(aggregator, a, Step.terminal());
        ErrorLimitStep stepB = new ErrorLimitStep(aggregator, b, Step.terminal());
        new ErrorLimitStep(aggregator, a, Step.terminal());
        assertThat(a.events().listeners()).containsOnlyOnce(aggregator);

        aggregator.record("a", new IOException("x"));

        assertThatThrownBy(() -> stepA.execute(() -> "a", null)).isInstanceOf(ErrorLimitExceededException.class);
        assertThat(stepB.execute(() -> "b", null)).isEqualTo("b");
    }

    @Test
    void rejectsBadSettings() {
        assertThatThrownBy(() -> AggregationConfig.builder().maxGroups(0).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxGroups must be >= 1 but was 0");
        assertThatThrownBy(() -> AggregationConfig.builder().errorLimit(-1).build())
                .hasMessage("errorLimit must be >= 0 but was -1");
        assertThatThrownBy(
                        () -> AggregationConfig.builder().window(Duration.ZERO).build())
                .hasMessage("window must be at least 1ms but was PT0S");
        assertThat(AggregationConfig.ofDefaults().window()).isEqualTo(Duration.ofSeconds(10));
        assertThat(AggregationConfig.ofDefaults().maxGroups()).isEqualTo(100);
    }
}
