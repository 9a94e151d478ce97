package dev.resilient.spring.context;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resilient.spring.Resilient;
import dev.resilient.spring.autoconfigure.ResilientAutoConfiguration;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;
import io.micrometer.tracing.test.simple.SimpleTracer;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * With Micrometer Tracing behind the application's {@link ObservationRegistry}, the trace id inside
 * an attempt on another thread — a sync attempt under a timeout, an async retry's later attempt — is
 * the caller's, and the span there is the call's own child span.
 */
class TracingPropagationTest {

    private final SimpleTracer tracer = new SimpleTracer();

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class, ResilientAutoConfiguration.class))
            .withPropertyValues(
                    "resilient.defaults.retry.delay=1ms", "resilient.defaults.retry.retry-on=java.io.IOException")
            .withBean(ObservationRegistry.class, () -> {
                ObservationRegistry registry = ObservationRegistry.create();
                registry.observationConfig().observationHandler(new DefaultTracingObservationHandler(this.tracer));
                return registry;
            })
            .withBean(SimpleTracer.class, () -> this.tracer)
            .withUserConfiguration(Beans.class);

    @Test
    void theTraceIdInsideEveryAttemptIsTheCallers() {
        this.runner.run(context -> {
            Traced traced = context.getBean(Traced.class);
            ObservationRegistry registry = context.getBean(ObservationRegistry.class);
            Observation caller = Observation.start("caller", registry);
            String callerTraceId;
            String callerSpanId;
            Seen timed;
            Seen retried;
            try (Observation.Scope scope = caller.openScope()) {
                callerTraceId = this.tracer.currentSpan().context().traceId();
                callerSpanId = this.tracer.currentSpan().context().spanId();
                timed = traced.timed();
                retried = traced.failsOnceAsync().get();
            } finally {
                caller.stop();
            }
            assertThat(timed.thread()).isNotEqualTo(Thread.currentThread().getName());
            assertThat(timed.traceId()).isEqualTo(callerTraceId);
            assertThat(timed.parentSpanId())
                    .as("the call's own span, a child of the caller's")
                    .isEqualTo(callerSpanId);
            assertThat(retried.traceId()).isEqualTo(callerTraceId);
            assertThat(retried.thread()).isNotEqualTo(Thread.currentThread().getName());
        });
    }

    record Seen(String traceId, String parentSpanId, String thread) {}

    @Configuration(proxyBeanMethods = false)
    static class Beans {
        @Bean
        Traced traced(SimpleTracer tracer) {
            return new Traced(tracer);
        }
    }

    static class Traced {
        private final SimpleTracer tracer;
        private final AtomicInteger calls = new AtomicInteger();

        Traced(SimpleTracer tracer) {
            this.tracer = tracer;
        }

        private Seen seen() {
            Span span = this.tracer.currentSpan();
            return span == null
                    ? new Seen(null, null, Thread.currentThread().getName())
                    : new Seen(
                            span.context().traceId(),
                            span.context().parentId(),
                            Thread.currentThread().getName());
        }

        @Resilient(timeout = "5s", maxAttempts = "1")
        public Seen timed() {
            return seen();
        }

        @Resilient(maxAttempts = "2")
        public CompletableFuture<Seen> failsOnceAsync() {
            if (this.calls.incrementAndGet() == 1) {
                return CompletableFuture.failedFuture(new IOException("first attempt fails"));
            }
            return CompletableFuture.completedFuture(seen());
        }
    }
}
