package dev.resilient.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import dev.resilient.circuitbreaker.SlidingWindowType;
import dev.resilient.ratelimiter.RateLimitStrategy;
import dev.resilient.retry.Backoff;
import dev.resilient.retry.Jitter;
import dev.resilient.spring.properties.ProfileProperties;
import dev.resilient.spring.properties.ResilientProperties;
import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * The named settings bind straight to core's types, with the values docs/reference.md lists, and the
 * IDE learns the names of {@code backoff} and {@code jitter} from the configuration metadata.
 */
class CoreTypesBindingTest {

    private final ApplicationContextRunner runner =
            new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(ResilientAutoConfiguration.class));

    @ParameterizedTest
    @CsvSource({"fixed", "linear", "exponential", "fibonacci", "EXPONENTIAL", "Fibonacci"})
    void backoffNamesBindToCoresBackoff(String name) {
        this.runner
                .withPropertyValues("resilient.profiles.p.retry.backoff=" + name)
                .run(context -> {
                    Backoff backoff = profile(context.getBean(ResilientProperties.class))
                            .getRetry()
                            .getBackoff();
                    assertThat(backoff).isSameAs(Backoff.of(name));
                });
    }

    @ParameterizedTest
    @CsvSource({"none", "full", "equal", "decorrelated", "FULL"})
    void jitterNamesBindToCoresJitter(String name) {
        this.runner
                .withPropertyValues("resilient.defaults.retry.jitter=" + name)
                .run(context -> {
                    Jitter jitter = context.getBean(ResilientProperties.class)
                            .getDefaults()
                            .getRetry()
                            .getJitter();
                    assertThat(jitter).isSameAs(Jitter.of(name));
                });
    }

    @ParameterizedTest
    @CsvSource({
        "token-bucket, TOKEN_BUCKET",
        "sliding-window, SLIDING_WINDOW",
        "fixed-window, FIXED_WINDOW",
        "TOKEN_BUCKET, TOKEN_BUCKET"
    })
    void rateLimitStrategiesBindToCoresEnum(String value, RateLimitStrategy expected) {
        this.runner
                .withPropertyValues("resilient.profiles.p.rate-limit.strategy=" + value)
                .run(context -> assertThat(profile(context.getBean(ResilientProperties.class))
                                .getRateLimit()
                                .getStrategy())
                        .isEqualTo(expected));
    }

    @ParameterizedTest
    @CsvSource({"count-based, COUNT_BASED", "time-based, TIME_BASED"})
    void slidingWindowTypesBindToCoresEnum(String value, SlidingWindowType expected) {
        this.runner
                .withPropertyValues("resilient.profiles.p.circuit-breaker.sliding-window-type=" + value)
                .run(context -> assertThat(profile(context.getBean(ResilientProperties.class))
                                .getCircuitBreaker()
                                .getSlidingWindowType())
                        .isEqualTo(expected));
    }

    @Test
    void anUnknownJitterFailsBindingNamingThePropertyAndTheChoices() {
        this.runner.withPropertyValues("resilient.defaults.retry.jitter=wobbly").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure())
                    .rootCause()
                    .hasMessageContaining("wobbly")
                    .hasMessageContaining("none, full, equal, decorrelated");
            assertThat(context.getStartupFailure()).hasStackTraceContaining("resilient.defaults.retry.jitter");
        });
    }

    @ParameterizedTest
    @CsvSource({"resilient.profiles.p.retry.backoff.kind=fixed", "resilient.defaults.retry.jitter.type=full"})
    void aKeyBelowBackoffOrJitterIsUnknown(String property) {
        String key = property.substring(0, property.indexOf('='));
        assertThat(NothingSilentlyIgnoredTest.failure(this.runner.withPropertyValues(property))
                        .getDescription())
                .contains("unknown key")
                .contains(key);
    }

    @Test
    void theMetadataOffersTheNamesOfBackoffAndJitter() throws Exception {
        Object metadata;
        try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            assertThat(in).as("generated configuration metadata").isNotNull();
            metadata = JsonPath.parse(in).json();
        }
        assertThat(hintValues(metadata, "resilient.defaults.retry.backoff"))
                .containsExactly("fixed", "linear", "exponential", "fibonacci");
        assertThat(hintValues(metadata, "resilient.defaults.retry.jitter"))
                .containsExactly("none", "full", "equal", "decorrelated");
    }

    private static List<String> hintValues(Object metadata, String property) {
        return JsonPath.parse(metadata).read("$.hints[?(@.name == '" + property + "')].values[*].value");
    }

    private static ProfileProperties profile(ResilientProperties properties) {
        return properties.getProfiles().get("p");
    }
}
