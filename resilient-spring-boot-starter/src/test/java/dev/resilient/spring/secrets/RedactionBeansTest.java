package dev.resilient.spring.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.resilient.ResilienceRuntime;
import dev.resilient.observation.MessageScrubber;
import dev.resilient.observation.Redaction;
import dev.resilient.observation.logging.ArgumentSanitizer;
import dev.resilient.observation.logging.LoggingConfig;
import dev.resilient.spring.Resilient;
import dev.resilient.spring.autoconfigure.ResilientAutoConfiguration;
import dev.resilient.time.Clock;
import dev.resilient.time.ManualTime;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The application's own {@link ArgumentSanitizer} and {@link MessageScrubber} beans replace the defaults. */
class RedactionBeansTest {

    private final ManualTime time = new ManualTime();

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class, ResilientAutoConfiguration.class))
            .withBean(Clock.class, () -> this.time)
            .withBean(ResilienceRuntime.class, () -> ResilienceRuntime.manual(this.time))
            .withPropertyValues(
                    "resilient.profiles.payments.retry.max-attempts=1",
                    "resilient.profiles.payments.logging.log-args=true",
                    "resilient.profiles.payments.logging.log-result=true",
                    "resilient.profiles.payments.logging.log-success=true")
            .withUserConfiguration(Beans.class);

    @Test
    void theDefaultsAreBeans() {
        this.runner.run(
                context -> assertThat(context.getBean(MessageScrubber.class)).isSameAs(MessageScrubber.defaults()));
    }

    @Test
    void anArgumentSanitizerBeanReplacesTheNameRuleForArgumentsAndResults() {
        // masks card numbers and keeps the default rule by delegating to it
        ArgumentSanitizer byName = ArgumentSanitizer.redacting(Redaction.defaults());
        ArgumentSanitizer sanitizer = (name, value) -> name.equals("card") || name.equals(ArgumentSanitizer.RESULT)
                ? "****" + String.valueOf(value).substring(String.valueOf(value).length() - 4)
                : byName.sanitize(name, value);
        this.runner.withBean(ArgumentSanitizer.class, () -> sanitizer).run(context -> {
            try (LogLines calls = new LogLines(LoggingConfig.DEFAULT_LOGGER)) {
                Payments payments = context.getBean(Payments.class);
                assertThat(payments.charge("4111111111111111", "S3CR3T-pin", false))
                        .isEqualTo("receipt-98765");
                ILoggingEvent success = calls.events().get(calls.events().size() - 1);
                assertThat(LogLines.keyValues(success))
                        .containsEntry("arg.card", "****1111")
                        .containsEntry("arg.pin", "***")
                        .containsEntry("resilient.result", "****8765");
                assertThat(calls.everything())
                        .doesNotContain("4111111111111111")
                        .doesNotContain("S3CR3T");
            }
        });
    }

    @Test
    void aSanitizerThatDoesNotDelegateIsTheWholeRule() {
        this.runner
                .withBean(ArgumentSanitizer.class, () -> (name, value) -> value)
                .run(context -> {
                    try (LogLines calls = new LogLines(LoggingConfig.DEFAULT_LOGGER)) {
                        context.getBean(Payments.class).charge("4111111111111111", "1234", false);
                        assertThat(LogLines.keyValues(last(calls))).containsEntry("arg.pin", "1234");
                    }
                });
    }

    @Test
    void aMessageScrubberBeanReplacesTheDefaultAndNoneTurnsScrubbingOff() {
        // the default scrubs the URL's user info
        this.runner.run(context -> {
            try (LogLines calls = new LogLines(LoggingConfig.DEFAULT_LOGGER)) {
                assertThatThrownBy(() -> context.getBean(Payments.class).charge("4111111111111111", "1234", true))
                        .isInstanceOf(IOException.class);
                assertThat((String) LogLines.keyValues(last(calls)).get("resilient.exceptionMessage"))
                        .isEqualTo("declined 4111111111111111 via https://***@pay.example.com with Authorization: ***");
            }
        });
        this.runner
                .withBean(MessageScrubber.class, () -> text -> text.replace("4111111111111111", "[card]"))
                .run(context -> {
                    try (LogLines calls = new LogLines(LoggingConfig.DEFAULT_LOGGER)) {
                        assertThatThrownBy(
                                        () -> context.getBean(Payments.class).charge("4111111111111111", "1234", true))
                                .isInstanceOf(IOException.class);
                        Map<String, Object> fields = LogLines.keyValues(last(calls));
                        assertThat((String) fields.get("resilient.exceptionMessage"))
                                .isEqualTo("declined [card] via https://bob:hunter2@pay.example.com"
                                        + " with Authorization: ***");
                    }
                });
        this.runner.withBean(MessageScrubber.class, MessageScrubber::none).run(context -> {
            try (LogLines calls = new LogLines(LoggingConfig.DEFAULT_LOGGER)) {
                assertThatThrownBy(() -> context.getBean(Payments.class).charge("4111111111111111", "1234", true))
                        .isInstanceOf(IOException.class);
                // no URL scrubbing; the sensitive-name rule still applies to the name: value pair
                assertThat((String) LogLines.keyValues(last(calls)).get("resilient.exceptionMessage"))
                        .isEqualTo("declined 4111111111111111 via https://bob:hunter2@pay.example.com"
                                + " with Authorization: ***");
            }
        });
    }

    @Test
    void aBlankNameInLoggingRedactFailsTheStartNamingTheProperty() {
        this.runner
                .withPropertyValues("resilient.profiles.payments.logging.redact[0]= ")
                .run(context -> assertThat(context)
                        .hasFailed()
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("sensitive names must not be blank"));
    }

    private static ILoggingEvent last(LogLines lines) {
        return lines.events().get(lines.events().size() - 1);
    }

    @Configuration(proxyBeanMethods = false)
    static class Beans {
        @Bean
        Payments payments() {
            return new Payments();
        }
    }

    static class Payments {
        @Resilient(profile = "payments", name = "payments.charge")
        public String charge(String card, String pin, boolean fail) throws IOException {
            if (fail) {
                throw new IOException("declined " + card + " via https://bob:hunter2@pay.example.com"
                        + " with Authorization: Basic dXNlcjpTM0NSM1Q=");
            }
            return "receipt-98765";
        }
    }
}
