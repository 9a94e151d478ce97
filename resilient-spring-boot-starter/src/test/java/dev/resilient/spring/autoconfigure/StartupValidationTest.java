package dev.resilient.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resilient.spring.Resilient;
import dev.resilient.spring.ResilientConfigurationException;
import dev.resilient.spring.internal.FallbackPlan;
import dev.resilient.spring.internal.MethodPlan;
import dev.resilient.spring.internal.ResilientMethodRegistry;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.support.SpringFactoriesLoader;
import org.springframework.util.ReflectionUtils;

class StartupValidationTest {

    private final ApplicationContextRunner runner =
            new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(ResilientAutoConfiguration.class));

    // --- unknown and empty profile names -------------------------------------------------------

    @Test
    void unknownProfileNamedInAnAnnotationFailsNamingTheMethod() {
        FailureAnalysis analysis = failure(this.runner
                .withUserConfiguration(UnknownProfile.class)
                .withPropertyValues("resilient.profiles.payments.retry.max-attempts=4"));
        assertThat(analysis.getDescription())
                .contains("@Resilient(value = \"paymnts\")")
                .contains("UnknownProfile.call")
                .contains("unknown profile 'paymnts'")
                .contains("default, http, database, payments");
        assertThat(analysis.getAction()).contains("resilient.profiles.paymnts");
    }

    @Test
    void emptyProfileNameFails() {
        FailureAnalysis analysis = failure(this.runner.withUserConfiguration(EmptyProfile.class));
        assertThat(analysis.getDescription()).contains("EmptyProfile.call").contains("must not be empty");
    }

    // --- bad property values ---------------------------------------------------------------------

    @Test
    void zeroMaxAttemptsFailsNamingTheProperty() {
        FailureAnalysis analysis =
                failure(this.runner.withPropertyValues("resilient.profiles.payments.retry.max-attempts=0"));
        assertThat(analysis.getDescription())
                .contains("Property: resilient.profiles.payments.retry.max-attempts")
                .contains("max-attempts must be >= 1 but was 0");
    }

    @Test
    void maxDelayBelowDelayFailsNamingMaxDelay() {
        FailureAnalysis analysis = failure(this.runner.withPropertyValues(
                "resilient.profiles.payments.retry.delay=2s", "resilient.profiles.payments.retry.max-delay=1s"));
        assertThat(analysis.getDescription())
                .contains("Property: resilient.profiles.payments.retry.max-delay")
                .contains("must not be less than delay");
    }

    @Test
    void aDelayAboveTheBuiltInMaxDelayBlamesTheUsersKey() {
        FailureAnalysis analysis = failure(this.runner.withPropertyValues("resilient.defaults.retry.delay=1m"));
        assertThat(analysis.getDescription()).contains("Property: resilient.defaults.retry.delay");
        assertThat(analysis.getAction()).contains("retry.max-delay");
    }

    @Test
    void badValuesInDefaultsAndEveryGroupAreCaught() {
        assertPropertyFailure(
                "resilient.defaults.circuit-breaker.failure-rate-threshold=150",
                "resilient.defaults.circuit-breaker.failure-rate-threshold",
                "percentage");
        assertPropertyFailure(
                "resilient.profiles.p.circuit-breaker.recovery-timeout=0s",
                "resilient.profiles.p.circuit-breaker.recovery-timeout",
                "must be > 0");
        assertPropertyFailure(
                "resilient.profiles.p.rate-limit.limit=-1", "resilient.profiles.p.rate-limit.limit", "must be >= 1");
        assertPropertyFailure(
                "resilient.profiles.p.bulkhead.max-wait=-1s", "resilient.profiles.p.bulkhead.max-wait", "must be >= 0");
        assertPropertyFailure(
                "resilient.profiles.p.retry.multiplier=0.5",
                "resilient.profiles.p.retry.multiplier",
                "multiplier must be >= 1");
        assertPropertyFailure(
                "resilient.profiles.p.retry.retry-on-status=99",
                "resilient.profiles.p.retry.retry-on-status",
                "between 100 and 599");
        assertPropertyFailure("resilient.profiles.p.when=@@broken(", "resilient.profiles.p.when", "SpEL");
        assertPropertyFailure(
                "resilient.profiles.p.alert.webhook-url=not a url",
                "resilient.profiles.p.alert.webhook-url",
                "not a valid http(s) URL");
        assertPropertyFailure(
                "resilient.profiles.p.metrics.tags.region=#{oops(", "resilient.profiles.p.metrics.tags.region", "SpEL");
        assertPropertyFailure(
                "resilient.profiles.p.active-in=prod & staging | dev",
                "resilient.profiles.p.active-in",
                "malformed profile expression");
    }

    @Test
    void unknownExceptionClassFailsNamingTheProperty() {
        FailureAnalysis analysis = failure(this.runner.withPropertyValues(
                "resilient.profiles.payments.retry.retry-on=java.io.IOException,com.example.NoSuchException"));
        assertThat(analysis.getDescription())
                .contains("Property: resilient.profiles.payments.retry.retry-on")
                .contains("unknown exception class 'com.example.NoSuchException'");
    }

    @Test
    void aSimpleExceptionNameGetsItsQualifiedNameSuggested() {
        FailureAnalysis analysis =
                failure(this.runner.withPropertyValues("resilient.profiles.payments.retry.retry-on=IOException"));
        assertThat(analysis.getDescription()).contains("unknown exception class 'IOException'");
        assertThat(analysis.getAction()).contains("Did you mean java.io.IOException?");

        analysis = failure(this.runner.withPropertyValues("resilient.profiles.payments.retry.abort-on=Timeout"));
        assertThat(analysis.getAction()).contains("Did you mean java.util.concurrent.TimeoutException?");

        analysis =
                failure(this.runner.withPropertyValues("resilient.profiles.payments.retry.retry-on=com.example.Nope"));
        assertThat(analysis.getAction())
                .doesNotContain("Did you mean")
                .contains("Use the fully qualified name of an exception class on the class path.");
    }

    @Test
    void aClassThatIsNotAnExceptionFails() {
        FailureAnalysis analysis = failure(
                this.runner.withPropertyValues("resilient.profiles.payments.fallback.suppress=java.lang.String"));
        assertThat(analysis.getDescription())
                .contains("resilient.profiles.payments.fallback.suppress")
                .contains("'java.lang.String' is not a Throwable");
    }

    @Test
    void httpAttemptTimeoutMustBeBelowTheTotalTimeout() {
        FailureAnalysis analysis = failure(this.runner.withPropertyValues("resilient.profiles.http.timeout=40s"));
        assertThat(analysis.getDescription())
                .contains("Property: resilient.profiles.http.timeout")
                .contains("must be less than the total timeout");
    }

    @Test
    void retryDelaysMustFitInTheTotalTimeout() {
        FailureAnalysis analysis =
                failure(this.runner.withPropertyValues("resilient.profiles.http.retry.max-attempts=8"));
        assertThat(analysis.getDescription())
                .contains("Property: resilient.profiles.http.retry.max-attempts")
                .contains("does not fit in the total timeout");
    }

    // --- bad inline attributes -------------------------------------------------------------------

    @Test
    void malformedInlineDurationFailsNamingTheAttributeAndMethod() {
        FailureAnalysis analysis = failure(this.runner.withUserConfiguration(BadDuration.class));
        assertThat(analysis.getDescription())
                .contains("@Resilient(delay = \"fast\")")
                .contains("BadDuration.call")
                .contains("not a valid duration");
    }

    @Test
    void unknownInlineBackoffListsTheChoices() {
        FailureAnalysis analysis = failure(this.runner.withUserConfiguration(BadBackoff.class));
        assertThat(analysis.getDescription())
                .contains("@Resilient(backoff = \"expo\")")
                .contains("fixed, linear, exponential, fibonacci");
    }

    @Test
    void unresolvablePlaceholderFails() {
        FailureAnalysis analysis = failure(this.runner.withUserConfiguration(BadPlaceholder.class));
        assertThat(analysis.getDescription())
                .contains("@Resilient(maxAttempts = \"${no.such.property}\")")
                .contains("BadPlaceholder.call");
    }

    @Test
    void inlineValueIsValidatedAgainstTheProfile() {
        FailureAnalysis analysis = failure(this.runner
                .withUserConfiguration(InlineMaxDelay.class)
                .withPropertyValues("resilient.profiles.payments.retry.delay=1s"));
        assertThat(analysis.getDescription())
                .contains("@Resilient(maxDelay)")
                .contains("InlineMaxDelay.call")
                .contains("resilient.profiles.payments.retry.delay");
    }

    @Test
    void methodsSharingAnInstanceMustAgreeOnSharedState() {
        FailureAnalysis analysis = failure(this.runner.withUserConfiguration(SharedInstance.class));
        assertThat(analysis.getDescription()).contains("shares the instance 'shared'");
    }

    // --- fallback methods ------------------------------------------------------------------------

    @Test
    void missingFallbackFailsNamingTheMethod() {
        FailureAnalysis analysis = failure(this.runner.withUserConfiguration(OrderService.Missing.class));
        assertThat(analysis.getDescription())
                .contains("Property: fallbackMethod 'chargeLater'")
                .contains("Method:   OrderService.charge")
                .contains("no method chargeLater(String, int)");
    }

    @Test
    void fallbackWithOtherParametersOrReturnTypeIsRejected() {
        FailureAnalysis params = failure(this.runner.withUserConfiguration(MismatchedParams.Config.class));
        assertThat(params.getDescription())
                .contains("MismatchedParams.charge")
                .contains("found chargeLater(String) has other parameters");
        FailureAnalysis returns = failure(this.runner.withUserConfiguration(MismatchedReturn.Config.class));
        assertThat(returns.getDescription()).contains("found chargeLater(String, int) returns Integer");
        FailureAnalysis notThrowable = failure(this.runner.withUserConfiguration(TrailingNotThrowable.Config.class));
        assertThat(notThrowable.getDescription()).contains("chargeLater(String, int, String) has other parameters");
    }

    @Test
    void fallbackWithAThrowableParameterIsAcceptedAndTheMostSpecificWins() {
        this.runner.withUserConfiguration(Overloads.Config.class).run(context -> {
            assertThat(context).hasNotFailed();
            MethodPlan plan = plan(context.getBean(ResilientMethodRegistry.class), Overloads.class, "charge");
            FallbackPlan fallback = plan.fallback();
            assertThat(fallback.withThrowable()).hasSize(3);
            assertThat(lastParam(fallback.methodFor(new FileNotFoundException())))
                    .isEqualTo(IOException.class);
            assertThat(lastParam(fallback.methodFor(new UncheckedIOException(new IOException()))))
                    .isEqualTo(RuntimeException.class);
            assertThat(lastParam(fallback.methodFor(new IllegalStateException())))
                    .isEqualTo(IllegalStateException.class);
            assertThat(lastParam(fallback.methodFor(new Exception()))).isEqualTo(String.class);
            assertThat(fallback.takesThrowable(fallback.methodFor(new Exception())))
                    .isFalse();
            assertThat(fallback.takesThrowable(fallback.methodFor(new IOException())))
                    .isTrue();
        });
        this.runner.withUserConfiguration(OnlyThrowable.Config.class).run(context -> {
            assertThat(context).hasNotFailed();
            FallbackPlan fallback = plan(context.getBean(ResilientMethodRegistry.class), OnlyThrowable.class, "charge")
                    .fallback();
            assertThat(fallback.withoutThrowable()).isNull();
            assertThat(fallback.methodFor(new IOException())).isNotNull();
            assertThat(fallback.methodFor(new IllegalStateException())).isNull();
        });
    }

    @Test
    void primitiveAndVoidReturnTypesAreMatched() {
        this.runner.withUserConfiguration(Primitives.Config.class).run(context -> {
            assertThat(context).hasNotFailed();
            ResilientMethodRegistry registry = context.getBean(ResilientMethodRegistry.class);
            assertThat(plan(registry, Primitives.class, "count")
                            .fallback()
                            .withoutThrowable()
                            .getName())
                    .isEqualTo("countLater");
            assertThat(plan(registry, Primitives.class, "fire").fallback().withThrowable())
                    .hasSize(1);
        });
    }

    // --- a healthy application -------------------------------------------------------------------

    @Test
    void aValidApplicationStartsWithEveryMethodResolved() {
        this.runner
                .withUserConfiguration(Overloads.Config.class, TypeLevel.Config.class)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    ResilientMethodRegistry registry = context.getBean(ResilientMethodRegistry.class);
                    assertThat(registry.plans())
                            .extracting(MethodPlan::methodId)
                            .contains("Overloads.charge", "TypeLevel.one", "TypeLevel.two")
                            .doesNotContain("Overloads.chargeLater", "TypeLevel.toString");
                    assertThat(plan(registry, TypeLevel.class, "two").profile().profiles())
                            .containsExactly("http");
                    assertThat(plan(registry, TypeLevel.class, "three")
                                    .profile()
                                    .retry()
                                    .getMaxAttempts())
                            .isEqualTo(1);
                });
    }

    @Test
    void disabledStarterCreatesNothingAndChecksNothing() {
        this.runner
                .withUserConfiguration(UnknownProfile.class)
                .withPropertyValues("resilient.enabled=false")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).doesNotHaveBean(ResilientMethodRegistry.class);
                });
    }

    @Test
    void failureAnalyzerIsRegistered() {
        List<FailureAnalyzer> analyzers = SpringFactoriesLoader.forDefaultResourceLocation(
                        getClass().getClassLoader())
                .load(FailureAnalyzer.class, SpringFactoriesLoader.FailureHandler.handleMessage((message, ex) -> {}));
        assertThat(analyzers).hasAtLeastOneElementOfType(ResilientConfigurationFailureAnalyzer.class);
    }

    // --- helpers ---------------------------------------------------------------------------------

    private void assertPropertyFailure(String property, String path, String reason) {
        FailureAnalysis analysis = failure(this.runner.withPropertyValues(property));
        assertThat(analysis.getDescription())
                .as(property)
                .contains("Property: " + path)
                .contains(reason);
    }

    private static FailureAnalysis failure(ApplicationContextRunner runner) {
        FailureAnalysis[] result = new FailureAnalysis[1];
        runner.run(context -> {
            assertThat(context).hasFailed();
            Throwable failure = context.getStartupFailure();
            assertThat(failure).isInstanceOfAny(ResilientConfigurationException.class, RuntimeException.class);
            result[0] = new ResilientConfigurationFailureAnalyzer().analyze(failure);
        });
        assertThat(result[0]).isNotNull();
        return result[0];
    }

    private static MethodPlan plan(ResilientMethodRegistry registry, Class<?> type, String name) {
        Method m = ReflectionUtils.findMethod(type, name, (Class<?>[]) null);
        return registry.find(m, type);
    }

    private static Class<?> lastParam(Method m) {
        Class<?>[] types = m.getParameterTypes();
        return types[types.length - 1];
    }

    @Configuration(proxyBeanMethods = false)
    static class UnknownProfile {

        @Bean
        Supplier<String> bean() {
            return new Target();
        }

        static class Target implements Supplier<String> {

            @Override
            @Resilient("paymnts")
            public String get() {
                return "";
            }
        }

        @Resilient("paymnts")
        public void call() {}
    }

    @Configuration(proxyBeanMethods = false)
    static class EmptyProfile {

        @Resilient({"default", ""})
        public void call() {}
    }

    @Configuration(proxyBeanMethods = false)
    static class BadDuration {

        @Resilient(delay = "fast")
        public void call() {}
    }

    @Configuration(proxyBeanMethods = false)
    static class BadBackoff {

        @Resilient(backoff = "expo")
        public void call() {}
    }

    @Configuration(proxyBeanMethods = false)
    static class BadPlaceholder {

        @Resilient(maxAttempts = "${no.such.property}")
        public void call() {}
    }

    @Configuration(proxyBeanMethods = false)
    static class InlineMaxDelay {

        @Resilient(value = "payments", maxDelay = "100ms")
        public void call() {}
    }

    @Configuration(proxyBeanMethods = false)
    static class SharedInstance {

        @Resilient(name = "shared", failureThreshold = "3")
        public void a() {}

        @Resilient(name = "shared", failureThreshold = "5")
        public void b() {}
    }

    static class OrderService {

        @Resilient(fallbackMethod = "chargeLater")
        public String charge(String id, int cents) {
            return id;
        }

        @Configuration(proxyBeanMethods = false)
        static class Missing {

            @Bean
            OrderService orderService() {
                return new OrderService();
            }
        }
    }

    static class MismatchedParams {

        @Resilient(fallbackMethod = "chargeLater")
        public String charge(String id, int cents) {
            return id;
        }

        String chargeLater(String id) {
            return id;
        }

        @Configuration(proxyBeanMethods = false)
        static class Config {

            @Bean
            MismatchedParams bean() {
                return new MismatchedParams();
            }
        }
    }

    static class MismatchedReturn {

        @Resilient(fallbackMethod = "chargeLater")
        public String charge(String id, int cents) {
            return id;
        }

        Integer chargeLater(String id, int cents) {
            return cents;
        }

        @Configuration(proxyBeanMethods = false)
        static class Config {

            @Bean
            MismatchedReturn bean() {
                return new MismatchedReturn();
            }
        }
    }

    static class TrailingNotThrowable {

        @Resilient(fallbackMethod = "chargeLater")
        public String charge(String id, int cents) {
            return id;
        }

        String chargeLater(String id, int cents, String reason) {
            return reason;
        }

        @Configuration(proxyBeanMethods = false)
        static class Config {

            @Bean
            TrailingNotThrowable bean() {
                return new TrailingNotThrowable();
            }
        }
    }

    static class Overloads {

        @Resilient(fallbackMethod = "chargeLater")
        public CharSequence charge(String id) {
            return id;
        }

        String chargeLater(String id) {
            return "plain";
        }

        private String chargeLater(String id, RuntimeException ex) {
            return "runtime";
        }

        String chargeLater(String id, IOException ex) {
            return "io";
        }

        String chargeLater(String id, IllegalStateException ex) {
            return "state";
        }

        @Configuration(proxyBeanMethods = false)
        static class Config {

            @Bean
            Overloads overloads() {
                return new Overloads();
            }
        }
    }

    static class OnlyThrowable {

        @Resilient(fallbackMethod = "chargeLater")
        public String charge(String id) {
            return id;
        }

        String chargeLater(String id, IOException ex) {
            return "io";
        }

        @Configuration(proxyBeanMethods = false)
        static class Config {

            @Bean
            OnlyThrowable onlyThrowable() {
                return new OnlyThrowable();
            }
        }
    }

    static class Primitives {

        @Resilient(fallbackMethod = "countLater")
        public int count() {
            return 1;
        }

        Integer countLater() {
            return 0;
        }

        @Resilient(fallbackMethod = "fireLater")
        public void fire(String what) {}

        String fireLater(String what, Throwable failure) {
            return what;
        }

        @Configuration(proxyBeanMethods = false)
        static class Config {

            @Bean
            Primitives primitives() {
                return new Primitives();
            }
        }
    }

    @Resilient("http")
    static class TypeLevel {

        public void one() {}

        public void two() {}

        @Resilient(maxAttempts = "1")
        public void three() {}

        @Override
        public String toString() {
            return "TypeLevel";
        }

        @Configuration(proxyBeanMethods = false)
        static class Config {

            @Bean
            TypeLevel typeLevel() {
                return new TypeLevel();
            }
        }
    }
}
