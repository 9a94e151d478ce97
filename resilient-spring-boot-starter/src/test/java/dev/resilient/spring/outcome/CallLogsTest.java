package dev.resilient.spring.outcome;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.resilient.ResilienceRuntime;
import dev.resilient.spring.Resilient;
import dev.resilient.spring.autoconfigure.ResilientAutoConfiguration;
import dev.resilient.time.Clock;
import dev.resilient.time.ManualTime;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** What an operator reads: one line per failed call with one stack trace, fallbacks and successes at their levels. */
class CallLogsTest {

    private final ManualTime time = new ManualTime();
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger("dev.resilient");
    private Level previous;

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class, ResilientAutoConfiguration.class))
            .withBean(Clock.class, () -> this.time)
            .withBean(ResilienceRuntime.class, () -> ResilienceRuntime.manual(this.time))
            .withBean(Logged.class)
            .withPropertyValues(
                    "resilient.defaults.retry.delay=10ms",
                    "resilient.profiles.chatty.logging.log-success=true",
                    "resilient.profiles.alerting.alert.threshold=2");

    @BeforeEach
    void attach() {
        this.previous = this.logger.getLevel();
        this.logger.setLevel(Level.TRACE);
        this.appender.start();
        this.logger.addAppender(this.appender);
    }

    @AfterEach
    void detach() {
        this.logger.detachAppender(this.appender);
        this.logger.setLevel(this.previous);
    }

    private List<ILoggingEvent> atLeast(Level level) {
        return this.appender.list.stream()
                .filter(e -> e.getLevel().isGreaterOrEqual(level))
                .toList();
    }

    @Test
    void aFailedCallIsOneWarningWithOneStackTrace() {
        this.runner.run(context -> {
            Logged logged = context.getBean(Logged.class);
            assertThatThrownBy(logged::failing).isInstanceOf(IOException.class);
            List<ILoggingEvent> warnings = atLeast(Level.WARN);
            assertThat(warnings).singleElement().satisfies(line -> {
                assertThat(line.getLoggerName()).isEqualTo("dev.resilient.calls");
                String text = line.getFormattedMessage();
                assertThat(text).startsWith("Logged.failing failed after").contains("IOException: down 3");
                // one block of frames (depth-limited); the retry's record one line per failure, no frames
                assertThat(text).doesNotContain("Caused by:").doesNotContain("\t\tat ");
                assertThat(text)
                        .contains("Suppressed: dev.resilient.retry.RetryExhaustedException: Retry 'Logged.failing'"
                                + " exhausted after 3 attempts")
                        .contains("Earlier failure: java.io.IOException: down 1")
                        .contains("Earlier failure: java.io.IOException: down 2");
                assertThat(text.lines().filter(l -> l.startsWith("\tat "))).hasSizeLessThanOrEqualTo(30);
            });
            // the attempts before are at the event level
            assertThat(this.appender.list)
                    .filteredOn(e -> e.getLevel() == Level.INFO)
                    .extracting(ILoggingEvent::getFormattedMessage)
                    .anySatisfy(m -> assertThat(m).contains("attempt 1 failed"))
                    .anySatisfy(m -> assertThat(m).contains("gave up after 3 attempts"));
        });
    }

    @Test
    void aCallAnsweredByTheFallbackIsNoWarning() {
        this.runner.run(context -> {
            Logged logged = context.getBean(Logged.class);
            assertThat(logged.withFallback()).isEqualTo("fallback");
            assertThat(atLeast(Level.WARN)).isEmpty();
            assertThat(this.appender.list)
                    .filteredOn(e -> e.getLevel() == Level.INFO)
                    .extracting(ILoggingEvent::getFormattedMessage)
                    .anySatisfy(m -> assertThat(m).startsWith("Logged.withFallback answered by fallbackMethod"));
        });
    }

    @Test
    void failuresTheFallbackAnsweredStillCountTowardsAlerts() {
        List<dev.resilient.observation.alert.Alert> alerts = new java.util.concurrent.CopyOnWriteArrayList<>();
        this.runner
                .withBean(dev.resilient.observation.alert.AlertSink.class, () -> alerts::add)
                .run(context -> {
                    Logged logged = context.getBean(Logged.class);
                    assertThat(logged.alerting()).isEqualTo("fallback");
                    assertThat(alerts).isEmpty();
                    assertThat(logged.alerting()).isEqualTo("fallback");
                    assertThat(alerts).singleElement().satisfies(a -> assertThat(a.text())
                            .contains("Logged.alerting"));
                });
    }

    @Test
    void logSuccessLogsAtDebug() {
        this.runner.run(context -> {
            Logged logged = context.getBean(Logged.class);
            assertThat(logged.chatty()).isEqualTo("ok");
            assertThat(this.appender.list)
                    .filteredOn(e -> e.getFormattedMessage().startsWith("Logged.chatty succeeded"))
                    .singleElement()
                    .satisfies(e -> assertThat(e.getLevel()).isEqualTo(Level.DEBUG));
        });
    }

    /** Methods whose calls are logged. */
    public static class Logged {
        private int attempt;

        @Resilient
        public String failing() throws IOException {
            throw new IOException("down " + ++this.attempt);
        }

        @Resilient(maxAttempts = "1", fallbackMethod = "fallback")
        public String withFallback() throws IOException {
            throw new IOException("down");
        }

        public String fallback() {
            return "fallback";
        }

        @Resilient(value = "alerting", maxAttempts = "1", fallbackMethod = "fallback")
        public String alerting() throws IOException {
            throw new IOException("down");
        }

        @Resilient("chatty")
        public String chatty() {
            return "ok";
        }
    }
}
