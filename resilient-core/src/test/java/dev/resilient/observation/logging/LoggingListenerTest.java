package dev.resilient.observation.logging;

import static dev.resilient.observation.LogCapture.keyValues;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.resilient.ResilienceRuntime;
import dev.resilient.event.EventType;
import dev.resilient.observation.LogCapture;
import dev.resilient.observation.ObservationConfig;
import dev.resilient.observation.ObservationStep;
import dev.resilient.observation.stacktrace.StackTraceConfig;
import dev.resilient.pipeline.ResiliencePipeline;
import dev.resilient.step.Step;
import dev.resilient.step.StepContext;
import dev.resilient.time.ManualTime;
import example.app.Billing;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

class LoggingListenerTest {

    private final ManualTime time = new ManualTime();
    private final StepContext context = StepContext.of("billing.charge", ResilienceRuntime.manual(time));
    private final LogCapture log = new LogCapture(LoggingConfig.DEFAULT_LOGGER);
    private final Billing billing = new Billing();

    @AfterEach
    void tearDown() {
        log.close();
        MDC.clear();
    }

    /** Emits ATTEMPT on the calling thread before running the call, as the retry step does. */
    private static final class AttemptStep extends Step {
        private final StepContext context;

        AttemptStep(StepContext context, Step next) {
            super(next);
            this.context = context;
        }

        @Override
        public <T> T execute(Callable<T> call, Object[] args) throws Exception {
            context.publish(context.event(EventType.ATTEMPT, "retry").attempt(1));
            return next.execute(call, args);
        }

        @Override
        public <T> CompletionStage<T> executeAsync(Supplier<? extends CompletionStage<T>> call, Object[] args) {
            context.publish(context.event(EventType.ATTEMPT, "retry").attempt(1));
            return next.executeAsync(call, args);
        }
    }

    private ResiliencePipeline pipeline(LoggingConfig logging, ObservationConfig observation) {
        context.events().addListener(new LoggingListener(logging));
        return new ResiliencePipeline(
                context, new ObservationStep(observation, context, new AttemptStep(context, Step.terminal())));
    }

    private void charge(ResiliencePipeline pipeline, String user, String password) {
        assertThatThrownBy(() -> pipeline.execute(
                        () -> {
                            time.advance(Duration.ofMillis(12));
                            return billing.charge(user, password);
                        },
                        new Object[] {user, password}))
                .hasMessageContaining("payment gateway down");
    }

    @Test
    void logsAFailureWithStructuredFieldsAndRedactsThePassword() {
        ResiliencePipeline pipeline = pipeline(
                LoggingConfig.builder()
                        .logArgs(true)
                        .parameterNames("user", "password")
                        .build(),
                ObservationConfig.ofDefaults());

        charge(pipeline, "alice", "hunter2");

        ILoggingEvent event = log.single();
        assertThat(event.getLevel()).isEqualTo(Level.WARN);
        assertThat(keyValues(event))
                .containsEntry("resilient.instance", "billing.charge")
                .containsEntry("resilient.event", "FAILURE")
                .containsEntry("resilient.source", "observation")
                .containsEntry("resilient.elapsedMs", 12L)
                .containsEntry("resilient.exception", "java.io.IOException")
                .containsEntry("resilient.exceptionMessage", "payment gateway down for user=alice")
                .containsEntry("arg.user", "alice")
                .containsEntry("arg.password", "***");
        assertThat(event.getFormattedMessage())
                .startsWith(
                        "billing.charge failed after 12 ms: java.io.IOException: payment gateway down for user=alice\n")
                .contains("\tat example.app.Billing.charge(Billing.java:")
                .containsPattern("\\.\\.\\. \\d+ frames hidden")
                .doesNotContain("hunter2");
    }

    @Test
    void argumentsAreNotLoggedByDefaultAndUnnamedArgumentsUseTheirIndex() {
        ResiliencePipeline pipeline = pipeline(LoggingConfig.ofDefaults(), ObservationConfig.ofDefaults());
        charge(pipeline, "alice", "hunter2");
        assertThat(keyValues(log.single())).doesNotContainKeys("arg.user", "arg.0", "arg.1");

        log.close();
        try (LogCapture second = new LogCapture(LoggingConfig.DEFAULT_LOGGER)) {
            ResiliencePipeline unnamed = new ResiliencePipeline(
                    context, new ObservationStep(ObservationConfig.ofDefaults(), context, Step.terminal()));
            context.events()
                    .addListener(new LoggingListener(
                            LoggingConfig.builder().logArgs(true).build()));
            assertThatThrownBy(() -> unnamed.execute(() -> billing.charge("bob", "pw"), new Object[] {"bob", "pw"}));
            assertThat(second.events()).anySatisfy(e -> assertThat(keyValues(e))
                    .containsEntry("arg.0", "bob")
                    .containsEntry("arg.1", "pw"));
        }
    }

    @Test
    void aCustomSanitizerMasksValuesAndOneThatThrowsNeverBreaksTheCall() {
        ResiliencePipeline pipeline = pipeline(
                LoggingConfig.builder()
                        .logArgs(true)
                        .parameterNames("card", "email")
                        .logSuccess(true)
                        .logResult(true)
                        .sanitizer((name, value) -> {
                            if (name.equals("email")) {
                                throw new IllegalStateException("sanitizer bug");
                            }
                            if (name.equals(ArgumentSanitizer.RESULT)) {
                                return value;
                            }
                            String text = String.valueOf(value);
                            return "****" + text.substring(text.length() - 4);
                        })
                        .build(),
                ObservationConfig.ofDefaults());

        Object result = pipeline.get(() -> "receipt-1");
        assertThat(result).isEqualTo("receipt-1");
        assertThat(log.events()).isNotEmpty();
        try {
            assertThat((Object) pipeline.execute(() -> "receipt-2", new Object[] {"4111111111111111", "a@b.c"}))
                    .isEqualTo("receipt-2");
        } catch (Exception e) {
            throw new AssertionError(e);
        }

        ILoggingEvent success = log.events().get(log.events().size() - 1);
        assertThat(success.getLevel()).isEqualTo(Level.DEBUG);
        assertThat(success.getFormattedMessage()).isEqualTo("billing.charge succeeded in 0 ms");
        assertThat(keyValues(success))
                .containsEntry("resilient.event", "SUCCESS")
                .containsEntry("resilient.result", "receipt-2")
                .containsEntry("arg.card", "****1111")
                .containsEntry("arg.email", LoggingListener.UNAVAILABLE);
    }

    @Test
    void theMdcHoldsTheAttemptAndTheContextDuringTheCallAndNothingAfterIt() throws Exception {
        ResiliencePipeline pipeline = pipeline(
                LoggingConfig.builder().mdcAttempt(true).build(),
                ObservationConfig.builder()
                        .context("service", "billing")
                        .contextProvider(() -> Map.of("requestId", "req-9"))
                        .build());
        org.slf4j.Logger appLog = LoggerFactory.getLogger(LoggingConfig.DEFAULT_LOGGER);

        pipeline.execute(() -> {
            appLog.info("inside the call");
            return "ok";
        });
        assertThatThrownBy(() -> pipeline.execute(() -> {
            throw new IllegalStateException("broken");
        }));

        ILoggingEvent inside = log.events().get(0);
        assertThat(inside.getFormattedMessage()).isEqualTo("inside the call");
        assertThat(inside.getMDCPropertyMap())
                .containsEntry("resilient.attempt", "1")
                .containsEntry("service", "billing")
                .containsEntry("requestId", "req-9");
        ILoggingEvent failure = log.events().get(1);
        assertThat(keyValues(failure)).containsEntry("resilient.event", "FAILURE");
        assertThat(failure.getMDCPropertyMap())
                .containsEntry("requestId", "req-9")
                .containsEntry("resilient.attempt", "1");
        assertThat(MDC.getCopyOfContextMap()).isNullOrEmpty();
    }

    @Test
    void mdcEntriesWithSensitiveKeysAreRedactedAndEveryValueIsScrubbed() throws Exception {
        ResiliencePipeline pipeline = pipeline(
                LoggingConfig.ofDefaults(),
                ObservationConfig.builder()
                        .context("apiToken", "S3CR3T-static")
                        .context("service", "billing")
                        .contextProvider(() -> Map.of(
                                "sessionId", "S3CR3T-provided",
                                "upstream", "https://bob:S3CR3T-url@pay.example.com",
                                "requestId", "req-9"))
                        .build());
        org.slf4j.Logger appLog = LoggerFactory.getLogger(LoggingConfig.DEFAULT_LOGGER);
        pipeline.execute(() -> {
            appLog.info("inside the call");
            return "ok";
        });
        assertThat(log.single().getMDCPropertyMap())
                .containsEntry("apiToken", "***")
                .containsEntry("sessionId", "***")
                .containsEntry("upstream", "https://***@pay.example.com")
                .containsEntry("requestId", "req-9")
                .containsEntry("service", "billing");
    }

    @Test
    void everyMessageOfTheTraceAndTheDetailAreScrubbed() {
        context.events().addListener(new LoggingListener());
        IllegalStateException cause = new IllegalStateException("upstream said Authorization: Bearer S3CR3T-cause");
        java.io.IOException failure =
                new java.io.IOException("GET https://bob:S3CR3T-top@api.example.com failed", cause);
        failure.addSuppressed(new RuntimeException("cleanup with ?api_key=S3CR3T-suppressed"));
        context.publish(context.event(EventType.FAILURE, ObservationStep.SOURCE)
                .failure(failure)
                .detail("retrying with token=S3CR3T-detail"));

        ILoggingEvent event = log.single();
        assertThat(event.getFormattedMessage())
                .contains("https://***@api.example.com")
                .contains("Authorization: ***")
                .contains("?api_key=***")
                .contains("token=***")
                .doesNotContain("S3CR3T");
        assertThat(keyValues(event).toString()).doesNotContain("S3CR3T");
    }

    @Test
    void logsOtherEventsWithTheirFields() {
        context.events().addListener(new LoggingListener());
        context.publish(context.event(EventType.RETRY, "retry")
                .attempt(2)
                .delay(Duration.ofMillis(400))
                .failure(new java.io.IOException("reset token=abc123")));
        context.publish(context.event(EventType.STATE_CHANGE, "circuitBreaker").detail("CLOSED->OPEN"));
        context.publish(context.event(EventType.REJECTED, "circuitBreaker"));
        context.publish(context.event(EventType.SLOW_CALL, ObservationStep.SOURCE));

        assertThat(log.events()).hasSize(3);
        ILoggingEvent retry = log.events().get(0);
        assertThat(retry.getLevel()).isEqualTo(Level.INFO);
        assertThat(retry.getFormattedMessage())
                .isEqualTo("billing.charge attempt 2 failed: java.io.IOException: reset token=***; retrying in 400 ms");
        assertThat(keyValues(retry))
                .containsEntry("resilient.attempt", 2)
                .containsEntry("resilient.delayMs", 400L)
                .containsEntry("resilient.exceptionMessage", "reset token=***");
        assertThat(keyValues(log.events().get(1))).containsEntry("resilient.detail", "CLOSED->OPEN");
        assertThat(log.events().get(2).getLevel()).isEqualTo(Level.WARN);
    }

    @Test
    void stackTraceSettingsApplyToTheLoggedFailure() {
        ResiliencePipeline pipeline = pipeline(
                LoggingConfig.builder()
                        .parameterNames("user", "password")
                        .stackTrace(
                                StackTraceConfig.builder().showArguments(true).build())
                        .build(),
                ObservationConfig.ofDefaults());
        charge(pipeline, "carol", "s3cret");
        assertThat(log.single().getFormattedMessage())
                .contains("\tArguments: user=carol, password=***")
                .doesNotContain("s3cret");

        assertThat(LoggingConfig.builder().includeStackTrace(false).build().includeStackTrace())
                .isFalse();
    }

    @Test
    void disabledLoggingLogsNothing() {
        ResiliencePipeline pipeline =
                pipeline(LoggingConfig.builder().enabled(false).build(), ObservationConfig.ofDefaults());
        charge(pipeline, "alice", "pw");
        assertThat(log.events()).isEmpty();
    }

    @Test
    void rejectsBadSettings() {
        assertThatThrownBy(() -> LoggingConfig.builder().failureLevel(null).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("failureLevel must not be null but was null");
        assertThatThrownBy(
                        () -> LoggingConfig.builder().parameterNames("a", " ").build())
                .hasMessageContaining("parameterNames");
    }
}
