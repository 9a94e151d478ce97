package dev.resilient.timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.resilient.CallExecutors;
import dev.resilient.CallNotPermittedException;
import dev.resilient.ContextPropagator;
import dev.resilient.ResilienceRuntime;
import dev.resilient.SaturationPolicy;
import dev.resilient.event.EventType;
import dev.resilient.event.ResilienceEvent;
import dev.resilient.pipeline.ResiliencePipeline;
import dev.resilient.step.Step;
import dev.resilient.step.StepContext;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A synchronous attempt under a timeout runs with the caller's context restored by the runtime's
 * propagator and cleared afterwards; a saturated executor yields the documented rejection (or runs
 * the attempt on the caller's thread when so configured).
 */
class TimeoutContextTest {

    private static final ThreadLocal<String> USER = new ThreadLocal<>();

    /** A propagator of one thread-local, restoring the previous value on close. */
    private static final ContextPropagator USER_PROPAGATOR = () -> {
        String captured = USER.get();
        return () -> {
            String previous = USER.get();
            USER.set(captured);
            return () -> USER.set(previous);
        };
    };

    @Test
    void theAttemptSeesTheCallersContextAndItsThreadKeepsNothing() throws Exception {
        ExecutorService executor = CallExecutors.platform(1);
        try (ResilienceRuntime runtime = ResilienceRuntime.builder()
                .callExecutor(executor)
                .contextPropagator(USER_PROPAGATOR)
                .build()) {
            ResiliencePipeline pipeline = timed(runtime);
            USER.set("alice");
            try {
                assertThat(pipeline.execute(USER::get)).isEqualTo("alice");
            } finally {
                USER.remove();
            }
            assertThat(pipeline.execute(USER::get)).isNull();
            assertThat(executor.submit(USER::get).get())
                    .as("the pool thread afterwards")
                    .isNull();
        }
    }

    @Test
    void aSaturatedExecutorRejectsWithTheDocumentedType() throws Exception {
        ExecutorService executor = CallExecutors.platform(1);
        try (ResilienceRuntime runtime =
                ResilienceRuntime.builder().callExecutor(executor).build()) {
            ResiliencePipeline pipeline = timed(runtime);
            List<ResilienceEvent> events = new CopyOnWriteArrayList<>();
            pipeline.context().events().addListener(events::add);
            CountDownLatch running = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            ExecutorService other = Executors.newSingleThreadExecutor();
            try {
                Future<Object> busy = other.submit(() -> pipeline.execute(() -> {
                    running.countDown();
                    release.await();
                    return "busy";
                }));
                running.await(10, TimeUnit.SECONDS);
                assertThatThrownBy(() -> pipeline.execute(() -> "never runs"))
                        .isInstanceOf(ExecutorSaturatedException.class)
                        .isInstanceOf(CallNotPermittedException.class)
                        .hasMessageContaining("saturated")
                        .satisfies(e -> assertThat(((CallNotPermittedException) e).retryable())
                                .isFalse());
                assertThat(events).extracting(ResilienceEvent::type).contains(EventType.REJECTED);
                assertThat(pipeline.stats().rejections()).isEqualTo(1);
                release.countDown();
                assertThat(busy.get(10, TimeUnit.SECONDS)).isEqualTo("busy");
            } finally {
                release.countDown();
                other.shutdownNow();
            }
        }
    }

    @Test
    void callerRunsRunsTheAttemptOnTheCallersThread() throws Exception {
        ExecutorService executor = CallExecutors.platform(1);
        try (ResilienceRuntime runtime = ResilienceRuntime.builder()
                .callExecutor(executor)
                .saturationPolicy(SaturationPolicy.CALLER_RUNS)
                .build()) {
            ResiliencePipeline pipeline = timed(runtime);
            CountDownLatch running = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            ExecutorService other = Executors.newSingleThreadExecutor();
            try {
                other.submit(() -> pipeline.execute(() -> {
                    running.countDown();
                    release.await();
                    return "busy";
                }));
                running.await(10, TimeUnit.SECONDS);
                assertThat(pipeline.execute(() -> Thread.currentThread().getName()))
                        .isEqualTo(Thread.currentThread().getName());
            } finally {
                release.countDown();
                other.shutdownNow();
            }
        }
    }

    @Test
    void aClosedRuntimeRefusesWithAClearMessageNotAsSaturation() {
        ResilienceRuntime runtime = ResilienceRuntime.builder().build();
        ResiliencePipeline pipeline = timed(runtime);
        runtime.close();
        assertThatThrownBy(() -> pipeline.execute(() -> "never runs"))
                .isInstanceOf(dev.resilient.ResilienceException.class)
                .isNotInstanceOf(ExecutorSaturatedException.class)
                .hasMessageContaining("runtime is closed");
    }

    private static ResiliencePipeline timed(ResilienceRuntime runtime) {
        StepContext ctx = StepContext.of("timed", runtime);
        return new ResiliencePipeline(
                ctx, new TimeoutStep(TimeoutConfig.of(Duration.ofSeconds(10)), ctx, Step.terminal()));
    }
}
