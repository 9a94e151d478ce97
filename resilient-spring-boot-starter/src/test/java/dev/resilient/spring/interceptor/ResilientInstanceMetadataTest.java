package dev.resilient.spring.interceptor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resilient.spring.Resilient;
import dev.resilient.spring.actuate.InstanceMetadata;
import dev.resilient.spring.actuate.ResilientActuatorAutoConfiguration;
import dev.resilient.spring.autoconfigure.ResilientAutoConfiguration;
import dev.resilient.spring.http.HttpResiliencePipelines;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The starter tells the actuator endpoint and the meters each instance's profile, name and tags. */
class ResilientInstanceMetadataTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    AopAutoConfiguration.class,
                    ResilientAutoConfiguration.class,
                    ResilientActuatorAutoConfiguration.class))
            .withPropertyValues(
                    "resilient.profiles.payments.metrics.name=payments.charge",
                    "resilient.profiles.payments.metrics.tags.team=billing",
                    "resilient.profiles.payments.metrics.tags.region=#{environment.getProperty('region')}",
                    "region=eu-west")
            .withUserConfiguration(Beans.class);

    @Test
    void describesTheInstancesOfMethodsAndHttpClients() {
        this.runner.run(context -> {
            assertThat(context).hasSingleBean(InstanceMetadata.class);
            InstanceMetadata metadata = context.getBean(InstanceMetadata.class);
            assertThat(metadata.profile("charge")).contains("payments");
            assertThat(metadata.metricName("charge")).contains("payments.charge");
            assertThat(metadata.tags("charge")).isEqualTo(Map.of("team", "billing", "region", "eu-west"));
            assertThat(metadata.profile("Billing.plain")).contains("default");
            assertThat(metadata.metricName("Billing.plain")).isEmpty();
            assertThat(metadata.tags("Billing.plain")).isEmpty();
            assertThat(metadata.profile("unknown")).isEmpty();

            context.getBean(HttpResiliencePipelines.class).pipeline("http", "partner-api");
            assertThat(metadata.profile("partner-api")).contains("http");
        });
    }

    @Configuration(proxyBeanMethods = false)
    static class Beans {

        @Bean
        Billing billing() {
            return new Billing();
        }
    }

    static class Billing {

        @Resilient(value = "payments", name = "charge")
        public String charge() {
            return "ok";
        }

        @Resilient
        public String plain() {
            return "ok";
        }
    }
}
