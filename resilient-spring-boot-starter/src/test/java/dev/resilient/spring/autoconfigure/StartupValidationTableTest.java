package dev.resilient.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * Bad input, as a table: each row is a configuration that must stop the application at start-up with
 * a message naming the property (or the annotation attribute and method) at fault and what is wrong.
 * The annotated classes are those of {@link StartupValidationTest}, which checks the same failures
 * and more in detail.
 */
class StartupValidationTableTest {

    private static final ApplicationContextRunner RUNNER =
            new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(ResilientAutoConfiguration.class));

    static Stream<Arguments> badInput() {
        return Stream.of(
                // negative or zero thresholds
                row(
                        "zero max-attempts",
                        properties("resilient.profiles.p.retry.max-attempts=0"),
                        "Property: resilient.profiles.p.retry.max-attempts",
                        "must be >= 1 but was 0"),
                row(
                        "negative max-attempts",
                        properties("resilient.defaults.retry.max-attempts=-3"),
                        "Property: resilient.defaults.retry.max-attempts",
                        "must be >= 1 but was -3"),
                row(
                        "zero failure threshold",
                        properties("resilient.profiles.p.circuit-breaker.failure-threshold=0"),
                        "Property: resilient.profiles.p.circuit-breaker.failure-threshold",
                        "must be >= 1"),
                row(
                        "negative failure-rate threshold",
                        properties("resilient.profiles.p.circuit-breaker.failure-rate-threshold=-5"),
                        "Property: resilient.profiles.p.circuit-breaker.failure-rate-threshold",
                        "percentage"),
                row(
                        "zero rate limit",
                        properties("resilient.profiles.p.rate-limit.limit=0"),
                        "Property: resilient.profiles.p.rate-limit.limit",
                        "must be >= 1"),
                row(
                        "zero bulkhead",
                        properties("resilient.profiles.p.bulkhead.max-concurrent=0"),
                        "Property: resilient.profiles.p.bulkhead.max-concurrent",
                        "must be >= 1"),
                row(
                        "zero alert threshold",
                        properties("resilient.defaults.alert.threshold=0"),
                        "Property: resilient.defaults.alert.threshold",
                        "must be >= 1"),
                row(
                        "zero recovery timeout",
                        properties("resilient.profiles.p.circuit-breaker.recovery-timeout=0s"),
                        "Property: resilient.profiles.p.circuit-breaker.recovery-timeout",
                        "must be > 0"),
                // max-delay below delay
                row(
                        "max-delay below delay",
                        properties("resilient.profiles.p.retry.delay=2s", "resilient.profiles.p.retry.max-delay=1s"),
                        "Property: resilient.profiles.p.retry.max-delay",
                        "must not be less than delay"),
                row(
                        "inline max-delay below the profile's delay",
                        both(
                                classes(StartupValidationTest.InlineMaxDelay.class),
                                properties("resilient.profiles.payments.retry.delay=1s")),
                        "@Resilient(maxDelay)",
                        "InlineMaxDelay.call",
                        "resilient.profiles.payments.retry.delay"),
                // unknown backoff name
                row(
                        "unknown backoff property",
                        properties("resilient.profiles.p.retry.backoff=expo"),
                        "resilient.profiles.p.retry.backoff",
                        "expo"),
                row(
                        "unknown inline backoff",
                        classes(StartupValidationTest.BadBackoff.class),
                        "@Resilient(backoff = \"expo\")",
                        "BadBackoff.call"),
                // unknown exception class name
                row(
                        "unknown exception class",
                        properties(
                                "resilient.profiles.p.retry.retry-on=java.io.IOException,com.example.NoSuchException"),
                        "Property: resilient.profiles.p.retry.retry-on",
                        "unknown exception class 'com.example.NoSuchException'"),
                row(
                        "unknown ignored exception class",
                        properties("resilient.profiles.p.circuit-breaker.ignore-on=com.example.Nope"),
                        "resilient.profiles.p.circuit-breaker.ignore-on",
                        "com.example.Nope"),
                // malformed durations
                row(
                        "malformed duration property",
                        properties("resilient.profiles.p.retry.delay=fast"),
                        "resilient.profiles.p.retry.delay",
                        "fast"),
                row(
                        "malformed timeout property",
                        properties("resilient.profiles.p.timeout=soon"),
                        "resilient.profiles.p.timeout",
                        "soon"),
                row(
                        "malformed inline duration",
                        classes(StartupValidationTest.BadDuration.class),
                        "@Resilient(delay = \"fast\")",
                        "BadDuration.call",
                        "not a valid duration"),
                // profile names
                row(
                        "empty profile name",
                        classes(StartupValidationTest.EmptyProfile.class),
                        "EmptyProfile.call",
                        "must not be empty"),
                row(
                        "unknown profile",
                        classes(StartupValidationTest.UnknownProfile.class),
                        "UnknownProfile.call",
                        "unknown profile 'paymnts'"),
                // fallback signatures
                row(
                        "missing fallback method",
                        classes(StartupValidationTest.OrderService.Missing.class),
                        "Property: fallbackMethod 'chargeLater'",
                        "no method chargeLater(String, int)"),
                row(
                        "fallback with other parameters",
                        classes(StartupValidationTest.MismatchedParams.Config.class),
                        "MismatchedParams.charge",
                        "chargeLater(String) has other parameters"),
                row(
                        "fallback with another return type",
                        classes(StartupValidationTest.MismatchedReturn.Config.class),
                        "MismatchedReturn.charge",
                        "chargeLater(String, int) returns Integer"),
                // per-key rate limits
                row(
                        "rate-limit key without a limit",
                        properties("resilient.profiles.p.rate-limit.key=#p0"),
                        "Property: resilient.profiles.p.rate-limit.key",
                        "needs rate-limit.limit",
                        "Set rate-limit.limit"),
                row(
                        "zero rate-limit max-keys",
                        properties(
                                "resilient.profiles.p.rate-limit.limit=5",
                                "resilient.profiles.p.rate-limit.max-keys=0"),
                        "Property: resilient.profiles.p.rate-limit.max-keys",
                        "max-keys must be >= 1 but was 0"),
                row(
                        "rate-limit key that does not parse",
                        properties(
                                "resilient.profiles.p.rate-limit.limit=5",
                                "resilient.profiles.p.rate-limit.key=#tenantId +"),
                        "Property: resilient.profiles.p.rate-limit.key",
                        "'#tenantId +' is not a valid SpEL expression"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInput")
    void failsAtStartUpNamingTheProperty(
            String name, UnaryOperator<ApplicationContextRunner> setup, String[] expected) {
        assertThat(startupFailure(setup.apply(RUNNER))).as(name).contains(expected);
    }

    /**
     * The start-up failure as the user sees it: the starter's failure analysis, or, for values Spring
     * cannot bind at all (an unknown enum constant, a malformed duration), the binder's messages,
     * which Spring Boot's own failure analyzer reports.
     */
    private static String startupFailure(ApplicationContextRunner runner) {
        StringBuilder text = new StringBuilder();
        runner.run(context -> {
            assertThat(context).hasFailed();
            Throwable failure = context.getStartupFailure();
            FailureAnalysis analysis = new ResilientConfigurationFailureAnalyzer().analyze(failure);
            if (analysis != null) {
                text.append(analysis.getDescription()).append('\n').append(analysis.getAction());
                return;
            }
            for (Throwable t = failure; t != null; t = t.getCause()) {
                assertThat(t).isNotInstanceOf(NullPointerException.class);
                text.append(t.getMessage()).append('\n');
            }
        });
        return text.toString();
    }

    private static Arguments row(String name, UnaryOperator<ApplicationContextRunner> setup, String... expected) {
        return Arguments.of(name, setup, expected);
    }

    private static UnaryOperator<ApplicationContextRunner> properties(String... pairs) {
        return runner -> runner.withPropertyValues(pairs);
    }

    private static UnaryOperator<ApplicationContextRunner> both(
            UnaryOperator<ApplicationContextRunner> first, UnaryOperator<ApplicationContextRunner> second) {
        return runner -> second.apply(first.apply(runner));
    }

    private static UnaryOperator<ApplicationContextRunner> classes(Class<?>... configurations) {
        return runner -> runner.withUserConfiguration(configurations);
    }
}
