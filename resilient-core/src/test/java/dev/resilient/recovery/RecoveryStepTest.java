package dev.resilient.recovery;

import static dev.resilient.testing.TestSteps.failureOf;
import static dev.resilient.testing.TestSteps.valueOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.resilient.ResilienceRuntime;
import dev.resilient.event.EventType;
import dev.resilient.event.ResilienceEvent;
import dev.resilient.step.Exceptions;
import dev.resilient.step.IgnoredFailure;
import dev.resilient.step.Step;
import dev.resilient.step.StepContext;
import dev.resilient.testing.TestSteps.Fatal;
import dev.resilient.time.ManualTime;
import java.io.EOFException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class RecoveryStepTest {

    private final StepContext ctx = StepContext.of("rec", ResilienceRuntime.manual(new ManualTime()));
    private final List<ResilienceEvent> events = new CopyOnWriteArrayList<>();

    RecoveryStepTest() {
        ctx.events().addListener(events::add);
    }

    private RecoveryStep step(RecoveryConfig config) {
        return new RecoveryStep(config, ctx, Step.terminal());
    }

    private static Callable<Object> failing(Throwable failure) {
        return () -> {
            throw Exceptions.sneakyThrow(failure);
        };
    }

    @Test
    void theMostSpecificRegisteredTypeWinsWhateverTheRegistrationOrder() throws Exception {
        RecoveryConfig generalFirst = RecoveryConfig.builder()
                .recover(Exception.class, t -> "exception")
                .recover(IOException.class, t -> "io")
                .recover(FileNotFoundException.class, t -> "file")
                .build();
        RecoveryConfig specificFirst = RecoveryConfig.builder()
                .recover(FileNotFoundException.class, t -> "file")
                .recover(IOException.class, t -> "io")
                .recover(Exception.class, t -> "exception")
                .build();
        for (RecoveryConfig config : List.of(generalFirst, specificFirst)) {
            RecoveryStep step = step(config);
            assertThat(step.execute(failing(new FileNotFoundException()), null)).isEqualTo("file");
            assertThat(step.execute(failing(new EOFException()), null)).isEqualTo("io");
            assertThat(step.execute(failing(new IllegalStateException()), null)).isEqualTo("exception");
            assertThat((Object) valueOf(
                            step.<Object>executeAsync(() -> CompletableFuture.failedFuture(new EOFException()), null)))
                    .isEqualTo("io");
        }
        assertThat(ctx.stats().fallbacks()).isEqualTo(8);
        assertThat(events)
                .allSatisfy(event -> assertThat(event.type()).isEqualTo(EventType.FALLBACK))
                .extracting(ResilienceEvent::source)
                .containsOnly("recovery");
    }

    @Test
    void theRecoveryFunctionReceivesTheFailure() throws Exception {
        RecoveryStep step = step(RecoveryConfig.builder()
                .recover(IOException.class, t -> "saw " + t.getMessage())
                .build());
        assertThat(step.execute(failing(new IOException("down")), null)).isEqualTo("saw down");
    }

    @Test
    void failuresWithoutARecoveryFunctionPropagateUnchanged() {
        RecoveryStep step = step(
                RecoveryConfig.builder().recover(IOException.class, t -> "io").build());
        IllegalStateException other = new IllegalStateException("other");
        assertThatThrownBy(() -> step.execute(failing(other), null)).isSameAs(other);
        assertThat(failureOf(step.executeAsync(() -> CompletableFuture.failedFuture(other), null)))
                .isSameAs(other);
        assertThat(ctx.stats().fallbacks()).isZero();
    }

    @Test
    void errorsAndIgnoredFailuresAreNeverRecovered() {
        RecoveryStep step = step(RecoveryConfig.builder()
                .recover(Throwable.class, t -> "anything")
                .build());
        Fatal fatal = new Fatal("fatal");
        assertThatThrownBy(() -> step.execute(failing(fatal), null)).isSameAs(fatal);
        IgnoredFailure ignored = new IgnoredFailure(new IOException());
        assertThatThrownBy(() -> step.execute(failing(ignored), null)).isSameAs(ignored);
        assertThat(failureOf(step.executeAsync(() -> CompletableFuture.failedFuture(ignored), null)))
                .isSameAs(ignored);
    }

    @Test
    void aThrowingRecoveryRaisesItsFailureWithTheOriginalSuppressed() {
        IllegalStateException recoveryFailure = new IllegalStateException("recovery failed");
        RecoveryStep step = step(RecoveryConfig.builder()
                .recover(IOException.class, t -> {
                    throw recoveryFailure;
                })
                .build());
        IOException original = new IOException("down");
        assertThatThrownBy(() -> step.execute(failing(original), null)).isSameAs(recoveryFailure);
        assertThat(recoveryFailure.getSuppressed()).containsExactly(original);
        assertThat(ctx.stats().fallbacks()).isZero();
    }

    @Test
    void asyncRecoveryMayReturnAStage() {
        CompletableFuture<String> later = new CompletableFuture<>();
        RecoveryStep step = step(
                RecoveryConfig.builder().recover(IOException.class, t -> later).build());
        CompletableFuture<Object> result = step.executeAsync(
                        () -> CompletableFuture.failedFuture(new IOException()), null)
                .toCompletableFuture();
        assertThat(result).isNotDone();
        later.complete("recovered later");
        assertThat(result).isCompletedWithValue("recovered later");
        assertThat(ctx.stats().fallbacks()).isEqualTo(1);

        IOException original = new IOException("down");
        IllegalStateException stageFailure = new IllegalStateException("stage failed");
        RecoveryStep failingStage = step(RecoveryConfig.builder()
                .recover(IOException.class, t -> CompletableFuture.failedFuture(stageFailure))
                .build());
        assertThat(failureOf(failingStage.executeAsync(() -> CompletableFuture.failedFuture(original), null)))
                .isSameAs(stageFailure);
        assertThat(stageFailure.getSuppressed()).containsExactly(original);
    }

    @Test
    void invalidConfigurationsNameTheField() {
        assertThatThrownBy(() -> RecoveryConfig.builder().build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("recoveries");
        assertThatThrownBy(() -> RecoveryConfig.builder().recover(StackOverflowError.class, t -> null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("StackOverflowError");
        assertThatThrownBy(() -> RecoveryConfig.builder().recover(IOException.class, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("recovery");
        assertThat(RecoveryConfig.builder()
                        .recover(IOException.class, t -> 1)
                        .build()
                        .types())
                .containsExactly(IOException.class);
    }
}
