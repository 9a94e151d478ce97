package dev.resilient.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resilient.pipeline.ResilienceRegistry;
import dev.resilient.spring.Resilient;
import dev.resilient.spring.ResilientPropertyKeys;
import dev.resilient.spring.http.ResilientHttpClientAutoConfiguration;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.PriorityOrdered;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.resilience.annotation.ConcurrencyLimit;
import org.springframework.resilience.annotation.Retryable;

/**
 * Every setting or annotation that would otherwise be ignored fails the start-up, naming what is
 * wrong: misspelt keys, annotations no proxy reaches, Spring's own retry annotations alongside,
 * and two configurations of one instance name.
 */
@ExtendWith(OutputCaptureExtension.class)
class NothingSilentlyIgnoredTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class, ResilientAutoConfiguration.class));

    // --- unknown keys ----------------------------------------------------------------------------

    @ParameterizedTest
    @CsvSource({
        "resilient.profiles.p.retyr.max-attempts=3, resilient.profiles.p.retry.max-attempts",
        "resilient.profiles.p.retry.max-atempts=3, resilient.profiles.p.retry.max-attempts",
        "resilient.profiles.p.retry.maxx-delay=3s, resilient.profiles.p.retry.max-delay",
        "resilient.profiles.p.circuit-breaker.failure-treshold=3, resilient.profiles.p.circuit-breaker.failure-threshold",
        "resilient.profiles.p.timout=1s, resilient.profiles.p.timeout",
        "resilient.defualts.retry.max-attempts=3, resilient.defaults.retry.max-attempts",
        "resilient.defaults.retry.budget.max-tokns=3, resilient.defaults.retry.budget.max-tokens",
        "resilient.aop.ordr=3, resilient.aop.order",
        "resilient.profiles.p.retry.maxAtempts=3, resilient.profiles.p.retry.max-attempts"
    })
    void aMisspeltKeyFailsNamingTheKeyAndTheNearestValidOne(String property, String suggestion) {
        FailureAnalysis analysis = failure(this.runner.withPropertyValues(property));
        String key = property.substring(0, property.indexOf('='));
        assertThat(analysis.getDescription())
                .contains("Property: ")
                .contains("unknown key")
                .contains("did you mean " + suggestion + "?");
        assertThat(analysis.getDescription().toLowerCase()).contains(key.toLowerCase());
        assertThat(analysis.getAction()).contains(suggestion);
    }

    @Test
    void aMisspeltEnvironmentVariableFailsToo() {
        FailureAnalysis analysis = failure(this.runner.withInitializer(context -> context.getEnvironment()
                .getPropertySources()
                .addFirst(new SystemEnvironmentPropertySource(
                        "test-systemEnvironment", Map.of("RESILIENT_PROFILES_P_RETRY_MAXATEMPTS", "3")))));
        assertThat(analysis.getDescription())
                .contains("resilient.profiles.p.retry.maxatempts")
                .contains("did you mean resilient.profiles.p.retry.max-attempts?");
    }

    @Test
    void aKeyFarFromAnyValidOneListsTheValidKeysThere() {
        FailureAnalysis analysis = failure(this.runner.withPropertyValues("resilient.profiles.p.retry.zzzzzzzz=1"));
        assertThat(analysis.getDescription()).contains("valid keys here: ").contains("max-attempts");
    }

    @Test
    void everyUnknownKeyIsListed() {
        FailureAnalysis analysis = failure(this.runner.withPropertyValues(
                "resilient.profiles.p.retyr.max-attempts=3", "resilient.profiles.q.timout=1s"));
        assertThat(analysis.getDescription())
                .contains("2 unknown keys")
                .contains("resilient.profiles.p.retyr.max-attempts")
                .contains("resilient.profiles.q.timout");
    }

    @Test
    void userNamedMapKeysRelaxedFormsListsAndEveryModulesKeysAreAccepted() {
        this.runner
                .withConfiguration(AutoConfigurations.of(
                        RestClientAutoConfiguration.class, ResilientHttpClientAutoConfiguration.class))
                .withPropertyValues(
                        "resilient.enabled=true",
                        "resilient.profiles.my-profile.metrics.tags.team=billing",
                        "resilient.profiles.my-profile.metrics.tags[cost.centre]=42",
                        "resilient.profiles.MyOther.retry.maxAttempts=2",
                        "resilient.profiles.p.retry.retry-on[0]=java.io.IOException",
                        "resilient.profiles.p.retry.abort-on=java.lang.IllegalArgumentException",
                        "resilient.profiles.p.alert.escalation[0].after-errors=5",
                        "resilient.profiles.p.alert.escalation[0].webhook-url=http://127.0.0.1:1/hook",
                        "resilient.defaults.logging.level=warn",
                        "resilient.aop.order=5",
                        "resilient.validation.unknown-keys=fail",
                        "resilient.http.client.enabled=false",
                        "resilient.http.client.failure-statuses=500,503")
                .run(context -> assertThat(context).hasNotFailed());
    }

    @Test
    void aModulesConfigurationPropertiesAndDeclaredKeysAreValidKeys() {
        this.runner
                .withUserConfiguration(RedisLikeModule.class)
                .withPropertyValues(
                        "resilient.redis.url=redis://localhost:6379",
                        "resilient.redis.command-timeout=50ms",
                        "resilient.extra.anything.below=1",
                        "resilient.flag=on")
                .run(context -> assertThat(context).hasNotFailed());
        FailureAnalysis analysis = failure(
                this.runner.withUserConfiguration(RedisLikeModule.class).withPropertyValues("resilient.redis.urll=x"));
        assertThat(analysis.getDescription()).contains("did you mean resilient.redis.url?");
    }

    @Test
    void unknownKeysOnlyWarnWhenConfiguredTo(CapturedOutput output) {
        this.runner
                .withPropertyValues("resilient.validation.unknown-keys=warn", "resilient.profiles.p.timout=1s")
                .run(context -> assertThat(context).hasNotFailed());
        assertThat(output).contains("unknown key resilient.profiles.p.timout").contains("resilient.profiles.p.timeout");
    }

    // --- annotations no proxy reaches ------------------------------------------------------------

    @Test
    void anAnnotatedPrivateMethodFails() {
        FailureAnalysis analysis = failure(this.runner.withBean(PrivateMethod.class));
        assertThat(analysis.getDescription())
                .contains("PrivateMethod.call")
                .contains("is private: no proxy can intercept it");
    }

    @Test
    void anAnnotatedStaticMethodFails() {
        FailureAnalysis analysis = failure(this.runner.withBean(StaticMethod.class));
        assertThat(analysis.getDescription()).contains("StaticMethod.call").contains("is static");
    }

    @Test
    void anAnnotatedPackagePrivateMethodFails() {
        FailureAnalysis analysis = failure(this.runner.withBean(PackagePrivateMethod.class));
        assertThat(analysis.getDescription())
                .contains("PackagePrivateMethod.call")
                .contains("is package-private");
    }

    @Test
    void anAnnotatedFinalMethodOfAClassBasedProxyFails() {
        FailureAnalysis analysis = failure(this.runner.withBean(FinalMethod.class));
        assertThat(analysis.getDescription())
                .contains("FinalMethod.call")
                .contains("is final: the class-based (CGLIB) proxy of bean");
    }

    @Test
    void anAnnotatedMethodMissingFromTheInterfacesOfAJdkProxyFails() {
        FailureAnalysis analysis = failure(this.runner
                .withPropertyValues("spring.aop.proxy-target-class=false")
                .withBean(ServiceImpl.class));
        assertThat(analysis.getDescription())
                .contains("ServiceImpl.extra")
                .contains("is not declared by any interface of the JDK proxy");
    }

    @Test
    void aJdkProxiedBeanIsNamedAfterItsClassAndWorksThroughItsInterface() {
        this.runner
                .withPropertyValues("spring.aop.proxy-target-class=false")
                .withBean(CleanServiceImpl.class)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(Service.class).call()).isEqualTo("called");
                    assertThat(context.getBean(ResilienceRegistry.class)
                                    .find("CleanServiceImpl.call")
                                    .orElseThrow()
                                    .stats()
                                    .calls())
                            .isEqualTo(1);
                });
    }

    @Test
    void aBeanThatWasNotProxiedFails() {
        FailureAnalysis analysis = failure(this.runner.withUserConfiguration(EarlyBean.class));
        assertThat(analysis.getDescription()).contains("Early.call").contains("the bean 'early' is not proxied");
    }

    @Test
    void unreachableMethodsOnlyWarnWhenConfiguredTo(CapturedOutput output) {
        this.runner
                .withPropertyValues("resilient.validation.unreachable-methods=warn")
                .withBean(PrivateMethod.class)
                .run(context -> assertThat(context).hasNotFailed());
        assertThat(output).contains("@Resilient on PrivateMethod.call is private");
    }

    // --- Spring Framework's own resilience annotations -------------------------------------------

    @Test
    void springsRetryableOnTheSameMethodFails() {
        FailureAnalysis analysis = failure(this.runner.withBean(DoubleRetry.class));
        assertThat(analysis.getDescription())
                .contains("DoubleRetry.call")
                .contains("also carries @Retryable")
                .contains("retries multiply the attempts");
    }

    @Test
    void springsConcurrencyLimitOnTheSameMethodFails() {
        FailureAnalysis analysis = failure(this.runner.withBean(DoubleLimit.class));
        assertThat(analysis.getDescription()).contains("DoubleLimit.call").contains("also carries @ConcurrencyLimit");
    }

    @Test
    void springsAnnotationsOnlyWarnWhenConfiguredTo(CapturedOutput output) {
        this.runner
                .withPropertyValues("resilient.validation.spring-resilience-annotations=warn")
                .withBean(DoubleRetry.class)
                .run(context -> assertThat(context).hasNotFailed());
        assertThat(output).contains("@Resilient method DoubleRetry.call also carries @Retryable");
    }

    // --- one instance name, two configurations ---------------------------------------------------

    @Test
    void anHttpClientAndAMethodClaimingOneInstanceNameWithOtherSettingsFail() {
        FailureAnalysis analysis = failure(this.runner
                .withConfiguration(AutoConfigurations.of(
                        RestClientAutoConfiguration.class, ResilientHttpClientAutoConfiguration.class))
                .withPropertyValues(
                        "resilient.http.client.enabled=true",
                        "resilient.http.client.profile=http",
                        "resilient.http.client.name=partner",
                        "resilient.profiles.payments.retry.max-attempts=5")
                .withBean(Partner.class));
        assertThat(analysis.getDescription())
                .contains("instance name 'partner'")
                .contains("HTTP client")
                .contains("@Resilient method Partner.call")
                .contains("with different settings");
    }

    @Test
    void twoMethodsClaimingOneInstanceNameWithOtherSettingsFail() {
        FailureAnalysis analysis = failure(this.runner
                .withPropertyValues("resilient.profiles.payments.retry.max-attempts=5")
                .withBean(Partner.class)
                .withBean(OtherPartner.class));
        assertThat(analysis.getDescription())
                .contains("shares the instance 'partner'")
                .contains("Partner.call")
                .contains("OtherPartner.call");
    }

    static FailureAnalysis failure(ApplicationContextRunner runner) {
        FailureAnalysis[] result = new FailureAnalysis[1];
        runner.run(context -> {
            assertThat(context).hasFailed();
            result[0] = new ResilientConfigurationFailureAnalyzer().analyze(context.getStartupFailure());
        });
        assertThat(result[0])
                .as("a ResilientConfigurationException among the causes")
                .isNotNull();
        return result[0];
    }

    // --- the beans -------------------------------------------------------------------------------

    public static class PrivateMethod {
        public String open() {
            return call();
        }

        @Resilient
        private String call() {
            return "called";
        }
    }

    public static class StaticMethod {
        @Resilient
        public static String call() {
            return "called";
        }
    }

    public static class PackagePrivateMethod {
        @Resilient
        String call() {
            return "called";
        }
    }

    public static class FinalMethod {
        @Resilient
        public final String call() {
            return "called";
        }
    }

    public interface Service {
        String call();
    }

    public static class ServiceImpl implements Service {
        @Override
        @Resilient
        public String call() {
            return "called";
        }

        @Resilient
        public String extra() {
            return "extra";
        }
    }

    public static class CleanServiceImpl implements Service {
        @Override
        @Resilient
        public String call() {
            return "called";
        }
    }

    public static class Early {
        @Resilient
        public String call() {
            return "called";
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class EarlyBean {

        @Bean
        static Early early() {
            return new Early();
        }

        /** A post-processor created before the auto-proxy creator, with a dependency on a bean. */
        @Bean
        static EagerPostProcessor eagerPostProcessor(Early early) {
            return new EagerPostProcessor();
        }
    }

    static class EagerPostProcessor implements BeanPostProcessor, PriorityOrdered {
        @Override
        public int getOrder() {
            return 0;
        }
    }

    public static class DoubleRetry {
        @Resilient
        @Retryable
        public String call() {
            return "called";
        }
    }

    public static class DoubleLimit {
        @Resilient
        @ConcurrencyLimit(2)
        public String call() {
            return "called";
        }
    }

    public static class Partner {
        @Resilient(value = "payments", name = "partner")
        public String call() {
            return "called";
        }
    }

    public static class OtherPartner {
        @Resilient(name = "partner")
        public String call() {
            return "called";
        }
    }

    /** What a module such as a Redis backend brings: its own properties under resilient. */
    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(RedisLikeProperties.class)
    static class RedisLikeModule {

        @Bean
        ResilientPropertyKeys extraKeys() {
            return () -> List.of("resilient.extra.**", "resilient.flag");
        }
    }

    @ConfigurationProperties("resilient.redis")
    public static class RedisLikeProperties {

        private String url;
        private Duration commandTimeout;

        public String getUrl() {
            return this.url;
        }

        public void setUrl(String url) {
            this.url = url;
        }

        public Duration getCommandTimeout() {
            return this.commandTimeout;
        }

        public void setCommandTimeout(Duration commandTimeout) {
            this.commandTimeout = commandTimeout;
        }
    }
}
