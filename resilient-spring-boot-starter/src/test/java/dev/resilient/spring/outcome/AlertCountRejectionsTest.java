package dev.resilient.spring.outcome;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.resilient.ResilienceRuntime;
import dev.resilient.circuitbreaker.CircuitBreakerOpenException;
import dev.resilient.observation.alert.Alert;
import dev.resilient.observation.alert.AlertSink;
import dev.resilient.spring.Resilient;
import dev.resilient.spring.autoconfigure.ResilientAutoConfiguration;
import dev.resilient.time.Clock;
import dev.resilient.time.ManualTime;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** {@code alert.count-rejections}: whether calls an open circuit refuses count towards the alert threshold. */
class AlertCountRejectionsTest {

    private final ManualTime time = new ManualTime();
    private final List<Alert> alerts = new CopyOnWriteArrayList<>();

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class, ResilientAutoConfiguration.class))
            .withBean(Clock.class, () -> this.time)
            .withBean(ResilienceRuntime.class, () -> ResilienceRuntime.manual(this.time))
            .withBean(AlertSink.class, () -> this.alerts::add)
            .withUserConfiguration(PartnerConfig.class)
            .withPropertyValues(
                    "resilient.profiles.breaker.retry.max-attempts=1",
                    "resilient.profiles.breaker.circuit-breaker.failure-threshold=1",
                    "resilient.profiles.breaker.circuit-breaker.recovery-timeout=1h",
                    "resilient.profiles.breaker.alert.threshold=3");

    /** One real failure opens the circuit; the next three calls are refused by it. */
    private void failOnceThenBeRefusedThreeTimes(Partner partner) {
        assertThatThrownBy(partner::charge).isInstanceOf(IOException.class);
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(partner::charge).isInstanceOf(CircuitBreakerOpenException.class);
        }
        assertThat(partner.reached()).isEqualTo(1);
    }

    @Test
    void byDefaultRefusedCallsDoNotCountTowardsTheThreshold() {
        this.runner.run(context -> {
            failOnceThenBeRefusedThreeTimes(context.getBean(Partner.class));
            assertThat(this.alerts).isEmpty();
        });
    }

    @Test
    void withCountRejectionsRefusedCallsCountTowardsTheThreshold() {
        this.runner
                .withPropertyValues("resilient.profiles.breaker.alert.count-rejections=true")
                .run(context -> {
                    failOnceThenBeRefusedThreeTimes(context.getBean(Partner.class));
                    assertThat(this.alerts).singleElement().satisfies(a -> assertThat(a.instance())
                            .isEqualTo("Partner.charge"));
                });
    }

    @Configuration(proxyBeanMethods = false)
    static class PartnerConfig {
        @Bean
        Partner partner() {
            return new Partner();
        }
    }

    /** A partner that is down. */
    public static class Partner {
        private int reached;

        public int reached() {
            return this.reached;
        }

        @Resilient("breaker")
        public String charge() throws IOException {
            this.reached++;
            throw new IOException("partner down");
        }
    }
}
