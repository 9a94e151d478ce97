package dev.resilient.spring.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.annotation.DirtiesContext;

/** With Boot's default console pattern (its own {@code console-appender.xml}), {@code log-args: true} adds nothing visible: the arguments go out only as key-value fields ({@code arg.<name>}), which the pattern does not print. */
@SpringBootTest(
        classes = SecretsTestApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = {
            "resilient.profiles.secrets.retry.max-attempts=1",
            "resilient.profiles.secrets.logging.log-args=true",
            "logging.config=classpath:logback-boot-console.xml"
        })
@ExtendWith(OutputCaptureExtension.class)
@DirtiesContext
class LogArgsDefaultConsoleTest {

    /** Lets Boot configure the logging afresh for this context, as at an application's start. */
    @BeforeAll
    static void freshLogging() {
        LoggingSystem.get(SecretsTestApplication.class.getClassLoader()).cleanUp();
    }

    @Autowired
    SecretsTestApplication.Gateway gateway;

    @Test
    void theFailedCallsLine(CapturedOutput output) {
        assertThatThrownBy(() -> gateway.call("payload-4711", "boom-message")).isInstanceOf(IOException.class);
        assertThat(output.getOut())
                .contains("gateway.call")
                .contains("boom-message")
                .doesNotContain("payload-4711");
    }
}
