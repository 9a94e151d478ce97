package dev.resilient.spring.outcome;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resilient.ResilienceRuntime;
import dev.resilient.pipeline.ResiliencePipeline;
import dev.resilient.pipeline.ResilienceRegistry;
import dev.resilient.spring.Resilient;
import dev.resilient.spring.ResilientErrorMapper;
import dev.resilient.spring.autoconfigure.ResilientAutoConfiguration;
import dev.resilient.spring.internal.MethodPipeline;
import dev.resilient.spring.internal.ResilientPipelines;
import dev.resilient.time.Clock;
import dev.resilient.time.ManualTime;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** A method's pipeline, wrapped by the starter's own steps, still answers for every part of its instance. */
class WrappedPipelineTest {

    private final ManualTime time = new ManualTime();

    @Test
    void theWrappedPipelineAnswersConfigRetryAndCircuitBreaker() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class, ResilientAutoConfiguration.class))
                .withBean(Clock.class, () -> this.time)
                .withBean(ResilienceRuntime.class, () -> ResilienceRuntime.manual(this.time))
                .withBean(ResilientErrorMapper.class, () -> (instance, failure) -> failure)
                .withBean(Wrapped.class)
                .withPropertyValues(
                        "resilient.profiles.full.total-timeout=10s",
                        "resilient.profiles.full.circuit-breaker.failure-threshold=3",
                        "resilient.profiles.full.when=#p0 != null")
                .run(context -> {
                    MethodPipeline method = context.getBean(ResilientPipelines.class).methodPipelines().stream()
                            .filter(p -> p.plan().instanceName().equals("Wrapped.call"))
                            .findFirst()
                            .orElseThrow();
                    ResiliencePipeline shared = context.getBean(ResilienceRegistry.class)
                            .find("Wrapped.call")
                            .orElseThrow();
                    ResiliencePipeline wrapped = method.pipeline();
                    assertThat(wrapped.head()).isNotSameAs(shared.head());
                    assertThat(wrapped.config()).isSameAs(shared.config());
                    assertThat(wrapped.retry()).containsSame(shared.retry().orElseThrow());
                    assertThat(wrapped.circuitBreaker())
                            .containsSame(shared.circuitBreaker().orElseThrow());
                    assertThat(wrapped.stats()).isSameAs(shared.stats());
                    assertThat(context.getBean(Wrapped.class).call("x")).isEqualTo("x");
                    assertThat(shared.stats().successes()).isEqualTo(1);
                });
    }

    /** A method with every step of the starter around its instance. */
    public static class Wrapped {
        @Resilient(value = "full", fallbackMethod = "fallback")
        public String call(String value) {
            return value;
        }

        public String fallback(String value) {
            return "fallback";
        }
    }
}
