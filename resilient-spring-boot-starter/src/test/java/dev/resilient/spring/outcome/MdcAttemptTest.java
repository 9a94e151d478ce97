package dev.resilient.spring.outcome;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resilient.ResilienceRuntime;
import dev.resilient.spring.Resilient;
import dev.resilient.spring.autoconfigure.ResilientAutoConfiguration;
import dev.resilient.time.Clock;
import dev.resilient.time.ManualTime;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** {@code logging.mdc-attempt}: the attempt number in the MDC ({@code resilient.attempt}) during each attempt. */
class MdcAttemptTest {

    private final ManualTime time = new ManualTime();

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class, ResilientAutoConfiguration.class))
            .withBean(Clock.class, () -> this.time)
            .withBean(ResilienceRuntime.class, () -> ResilienceRuntime.manual(this.time))
            .withUserConfiguration(FlakyConfig.class)
            .withPropertyValues("resilient.defaults.retry.delay=10ms", "resilient.defaults.retry.jitter=none");

    @Test
    void byDefaultEachAttemptSeesItsNumberInTheMdc() {
        this.runner.run(context -> {
            Flaky flaky = context.getBean(Flaky.class);
            assertThat(flaky.call()).isEqualTo("ok");
            assertThat(flaky.seen()).containsExactly("1", "2", "3");
        });
    }

    @Test
    void withMdcAttemptFalseTheMdcHasNoAttempt() {
        this.runner
                .withPropertyValues("resilient.defaults.logging.mdc-attempt=false")
                .run(context -> {
                    Flaky flaky = context.getBean(Flaky.class);
                    assertThat(flaky.call()).isEqualTo("ok");
                    assertThat(flaky.seen()).containsExactly(null, null, null);
                });
    }

    @Configuration(proxyBeanMethods = false)
    static class FlakyConfig {
        @Bean
        Flaky flaky() {
            return new Flaky();
        }
    }

    /** Fails twice, then answers; records the MDC's attempt number of every attempt. */
    public static class Flaky {
        private final List<String> seen = new ArrayList<>();

        public List<String> seen() {
            return this.seen;
        }

        @Resilient
        public String call() throws IOException {
            this.seen.add(MDC.get("resilient.attempt"));
            if (this.seen.size() < 3) {
                throw new IOException("flaky");
            }
            return "ok";
        }
    }
}
