package dev.resilient.spring.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.resilient.ResilienceRuntime;
import dev.resilient.circuitbreaker.CircuitBreakerConfig;
import dev.resilient.fallback.FallbackConfig;
import dev.resilient.pipeline.PipelineConfig;
import dev.resilient.pipeline.ResiliencePipeline;
import dev.resilient.pipeline.ResilienceRegistry;
import dev.resilient.ratelimiter.RateLimiterConfig;
import dev.resilient.retry.RetryConfig;
import dev.resilient.retry.RetryExhaustedException;
import dev.resilient.spring.actuate.InstanceMetadata;
import dev.resilient.time.ManualTime;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ResilientMetricsTest {

    private final ManualTime time = new ManualTime();
    private final ResilienceRegistry registry = new ResilienceRegistry(ResilienceRuntime.manual(time));
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    private ResilientMetrics metrics;

    @BeforeEach
    void bind() {
        metrics = new ResilientMetrics().watch(registry);
        metrics.bindTo(meters);
    }

    private static PipelineConfig retryBreakerFallback() {
        return PipelineConfig.builder()
                .retry(RetryConfig.builder()
                        .maxAttempts(2)
                        .baseDelay(Duration.ofMillis(10))
                        .retryOn(IOException.class)
                        .build())
                .circuitBreaker(CircuitBreakerConfig.builder()
                        .failureThreshold(3)
                        .recoveryTimeout(Duration.ofSeconds(30))
                        .build())
                .fallback(FallbackConfig.builder()
                        .value("fallback")
                        .handles(IllegalStateException.class)
                        .build())
                .build();
    }

    private static String ok() {
        return "ok";
    }

    private static String ioFailure() throws IOException {
        throw new IOException("secret message");
    }

    private static String stateFailure() {
        throw new IllegalStateException("secret message");
    }

    @Test
    void recordsCallsRetriesFallbacksRejectionsAndCircuitState() throws Exception {
        ResiliencePipeline pipeline = registry.pipeline("svc", retryBreakerFallback());

        assertThat(pipeline.execute(ResilientMetricsTest::ok)).isEqualTo("ok");
        // not retried, counted by the breaker (1 failure), answered by the fallback
        assertThat(pipeline.execute(ResilientMetricsTest::stateFailure)).isEqualTo("fallback");
        // retried once: 2 more breaker failures open the circuit; not handled by the fallback
        assertThatThrownBy(() -> pipeline.execute(ResilientMetricsTest::ioFailure))
                .isInstanceOf(RetryExhaustedException.class);
        // rejected by the open circuit, answered by the fallback
        assertThat(pipeline.execute(ResilientMetricsTest::ok)).isEqualTo("fallback");

        assertThat(timer("svc", "success", "none").count()).isEqualTo(3);
        // the exception tag classifies by the last failure, not by the wrapper
        Timer failures = timer("svc", "failure", "IOException");
        assertThat(failures.count()).isEqualTo(1);
        assertThat(failures.totalTime(TimeUnit.MILLISECONDS)).isGreaterThanOrEqualTo(10); // the retry's wait
        assertThat(meters.get("resilient.retries").tag("name", "svc").counter().count())
                .isEqualTo(1);
        assertThat(meters.get("resilient.fallbacks")
                        .tag("name", "svc")
                        .counter()
                        .count())
                .isEqualTo(2);
        assertThat(meters.get("resilient.rejections")
                        .tags("name", "svc", "kind", "circuit_breaker")
                        .counter()
                        .count())
                .isEqualTo(1);
        assertThat(meters.get("resilient.circuit.transitions")
                        .tags("name", "svc", "from", "closed", "to", "open")
                        .counter()
                        .count())
                .isEqualTo(1);
        assertThat(state("svc", "open")).isEqualTo(1);
        assertThat(state("svc", "closed")).isZero();
        assertThat(state("svc", "half_open")).isZero();
        assertThat(meters.find("resilient.timeouts")
                        .tag("name", "svc")
                        .counter()
                        .count())
                .isZero();
        assertThat(meters.find("resilient.slow.calls").tag("name", "svc").counter())
                .isNotNull();
        assertThat(meters.find("resilient.alerts").tag("name", "svc").counter()).isNotNull();

        // the gauge follows the breaker: after the recovery timeout a trial call closes it
        time.advance(Duration.ofSeconds(30));
        assertThat(pipeline.execute(ResilientMetricsTest::ok)).isEqualTo("ok");
        assertThat(state("svc", "closed")).isEqualTo(1);
        assertThat(state("svc", "open")).isZero();
        assertThat(meters.get("resilient.circuit.transitions")
                        .tags("name", "svc", "from", "open", "to", "half_open")
                        .counter()
                        .count())
                .isEqualTo(1);
        assertThat(meters.get("resilient.circuit.transitions")
                        .tags("name", "svc", "from", "half_open", "to", "closed")
                        .counter()
                        .count())
                .isEqualTo(1);
    }

    @Test
    void tagValuesNeverCarryMessagesAndMetersAreReused() throws Exception {
        ResiliencePipeline pipeline = registry.pipeline("svc", retryBreakerFallback());
        for (int i = 0; i < 5; i++) {
            pipeline.execute(ResilientMetricsTest::ok);
            pipeline.execute(ResilientMetricsTest::stateFailure);
        }
        int count = meters.getMeters().size();
        for (int i = 0; i < 50; i++) {
            pipeline.execute(ResilientMetricsTest::ok);
            pipeline.execute(ResilientMetricsTest::stateFailure);
        }
        assertThat(meters.getMeters()).hasSize(count);
        for (Meter meter : meters.getMeters()) {
            assertThat(meter.getId().getTags()).noneMatch(tag -> tag.getValue().contains("secret"));
        }
    }

    @Test
    void metadataRenamesTheNameTagAndAddsTags() throws Exception {
        ResilienceRegistry other = new ResilienceRegistry(ResilienceRuntime.manual(time));
        SimpleMeterRegistry otherMeters = new SimpleMeterRegistry();
        InstanceMetadata metadata = new InstanceMetadata() {
            @Override
            public Optional<String> metricName(String instance) {
                return Optional.of("payments.charge");
            }

            @Override
            public Map<String, String> tags(String instance) {
                return Map.of("team", "billing", "outcome", "ignored-reserved-key");
            }
        };
        new ResilientMetrics(metadata).watch(other).bindTo(otherMeters);
        other.pipeline("PaymentService.charge", retryBreakerFallback()).execute(ResilientMetricsTest::ok);

        Timer timer = otherMeters
                .get("resilient.calls")
                .tags("name", "payments.charge", "team", "billing", "outcome", "success", "exception", "none")
                .timer();
        assertThat(timer.count()).isEqualTo(1);
        assertThat(otherMeters
                        .get("resilient.circuit.state")
                        .tags("name", "payments.charge", "team", "billing", "state", "closed")
                        .gauge()
                        .value())
                .isEqualTo(1);
        assertThat(otherMeters
                        .find("resilient.calls")
                        .tag("name", "PaymentService.charge")
                        .meters())
                .isEmpty();
    }

    @Test
    void failingMetadataFallsBackToTheInstanceName() throws Exception {
        ResilienceRegistry other = new ResilienceRegistry(ResilienceRuntime.manual(time));
        SimpleMeterRegistry otherMeters = new SimpleMeterRegistry();
        InstanceMetadata broken = new InstanceMetadata() {
            @Override
            public Optional<String> metricName(String instance) {
                throw new IllegalStateException("broken");
            }
        };
        new ResilientMetrics(broken).watch(other).bindTo(otherMeters);
        other.pipeline("svc", PipelineConfig.empty()).execute(ResilientMetricsTest::ok);
        assertThat(otherMeters
                        .get("resilient.calls")
                        .tags("name", "svc", "outcome", "success")
                        .timer()
                        .count())
                .isEqualTo(1);
    }

    @Test
    void gaugesExistForPipelinesBuiltBeforeBindingAndWithoutCalls() {
        ResilienceRegistry other = new ResilienceRegistry(ResilienceRuntime.manual(time));
        ResilientMetrics late = new ResilientMetrics().watch(other);
        other.pipeline("early", retryBreakerFallback());
        SimpleMeterRegistry otherMeters = new SimpleMeterRegistry();
        late.bindTo(otherMeters);
        assertThat(otherMeters
                        .get("resilient.circuit.state")
                        .tags("name", "early", "state", "closed")
                        .gauge()
                        .value())
                .isEqualTo(1);
        assertThat(otherMeters
                        .find("resilient.circuit.state")
                        .tag("name", "early")
                        .gauges())
                .hasSize(5);
        // binding twice to the same registry and watching twice change nothing
        late.bindTo(otherMeters);
        late.watch(other);
        assertThat(other.runtime().events().listeners()).containsOnlyOnce(late);
        assertThat(otherMeters
                        .find("resilient.circuit.state")
                        .tag("name", "early")
                        .gauges())
                .hasSize(5);
    }

    @Test
    void rateLimiterRejectionsAreTaggedWithTheirKind() throws Exception {
        ResiliencePipeline limited = registry.pipeline(
                "limited",
                PipelineConfig.builder()
                        .rateLimiter(RateLimiterConfig.builder()
                                .limit(1)
                                .period(Duration.ofMinutes(1))
                                .build())
                        .build());
        limited.execute(ResilientMetricsTest::ok);
        assertThatThrownBy(() -> limited.execute(ResilientMetricsTest::ok)).isInstanceOf(Exception.class);

        assertThat(meters.get("resilient.rejections")
                        .tags("name", "limited", "kind", "rate_limiter")
                        .counter()
                        .count())
                .isEqualTo(1);
        assertThat(timer("limited", "success", "none").count()).isEqualTo(1);
        assertThat(meters.find("resilient.circuit.state").tag("name", "limited").gauges())
                .isEmpty();
    }

    @Test
    void kindsAndExceptionTagsAreStable() {
        assertThat(ResilientMetrics.kind("circuitBreaker")).isEqualTo("circuit_breaker");
        assertThat(ResilientMetrics.kind("failureCache")).isEqualTo("failure_cache");
        assertThat(ResilientMetrics.kind("errorLimit")).isEqualTo("error_limit");
        assertThat(ResilientMetrics.kind("someNewStep")).isEqualTo("some_new_step");
        assertThat(ResilientMetrics.kind(null)).isEqualTo("unknown");
        assertThat(ResilientMetrics.exceptionTag(IOException.class)).isEqualTo("IOException");
        Object anonymous = new RuntimeException() {};
        assertThat(ResilientMetrics.exceptionTag(anonymous.getClass())).matches("ResilientMetricsTest\\$[0-9]+");
    }

    private Timer timer(String name, String outcome, String exception) {
        return meters.get("resilient.calls")
                .tags("name", name, "outcome", outcome, "exception", exception)
                .timer();
    }

    private double state(String name, String state) {
        return meters.get("resilient.circuit.state")
                .tags("name", name, "state", state)
                .gauge()
                .value();
    }
}
