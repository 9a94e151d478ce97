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

/** With Boot's structured console logging ({@code logging.structured.format.console=logstash}), {@code log-args: true} shows each argument as a JSON field {@code arg.<name>}. */
@SpringBootTest(
        classes = SecretsTestApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = {
            "resilient.profiles.secrets.retry.max-attempts=1",
            "resilient.profiles.secrets.logging.log-args=true",
            "logging.structured.format.console=logstash",
            "logging.config=classpath:logback-boot-structured.xml"
        })
@ExtendWith(OutputCaptureExtension.class)
@DirtiesContext
class LogArgsStructuredConsoleTest {

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
        assertThat(output.getOut()).contains("\"arg.request\":\"payload-4711\"");
    }
}
