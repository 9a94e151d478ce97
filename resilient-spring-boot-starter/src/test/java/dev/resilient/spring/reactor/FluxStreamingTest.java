package dev.resilient.spring.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resilient.spring.Resilient;
import dev.resilient.spring.autoconfigure.ResilientAutoConfiguration;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

/**
 * {@code flux-mode: stream}: elements reach the subscriber as the method emits them; a failure before
 * the first element is retried, one after it reaches the subscriber as it is and is never retried,
 * so no element is ever replayed. The default, {@code buffer}, emits nothing before the attempt ends.
 */
class FluxStreamingTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class, ResilientAutoConfiguration.class))
            .withPropertyValues(
                    "resilient.defaults.retry.delay=1ms",
                    "resilient.defaults.retry.retry-on=java.io.IOException",
                    "resilient.profiles.streaming.flux-mode=stream")
            .withUserConfiguration(Beans.class);

    @Test
    void streamingEmitsEachElementAsItComes() {
        this.runner.run(context -> {
            Source source = context.getBean(Source.class);
            Sinks.Many<String> sink = Sinks.many().unicast().onBackpressureBuffer();
            source.next(sink.asFlux());
            StepVerifier.create(source.streamed())
                    .then(() -> sink.tryEmitNext("a"))
                    .expectNext("a")
                    .then(() -> sink.tryEmitNext("b"))
                    .expectNext("b")
                    .then(sink::tryEmitComplete)
                    .expectComplete()
                    .verify(Duration.ofSeconds(10));
        });
    }

    @Test
    void aFailureBeforeTheFirstElementIsRetriedOneAfterItIsNot() {
        this.runner.run(context -> {
            Source source = context.getBean(Source.class);
            source.next(Flux.error(new IOException("before the first element")));
            source.next(Flux.concat(Flux.just("a", "b"), Flux.error(new IOException("after two elements"))));
            source.next(Flux.just("never", "used"));
            StepVerifier.create(source.streamed())
                    .expectNext("a", "b")
                    .expectErrorMessage("after two elements")
                    .verify(Duration.ofSeconds(10));
            assertThat(source.attempts()).isEqualTo(2);
        });
    }

    @Test
    void bufferingIsTheDefaultAndEmitsNothingBeforeTheAttemptEnds() {
        this.runner.run(context -> {
            Source source = context.getBean(Source.class);
            Sinks.Many<String> sink = Sinks.many().unicast().onBackpressureBuffer();
            source.next(sink.asFlux());
            StepVerifier.create(source.buffered())
                    .then(() -> sink.tryEmitNext("a"))
                    .expectNoEvent(Duration.ofMillis(200))
                    .then(sink::tryEmitComplete)
                    .expectNext("a")
                    .expectComplete()
                    .verify(Duration.ofSeconds(10));
        });
    }

    @Configuration(proxyBeanMethods = false)
    static class Beans {
        @Bean
        Source source() {
            return new Source();
        }
    }

    static class Source {
        private final java.util.Queue<Flux<String>> attemptsToCome = new java.util.concurrent.ConcurrentLinkedQueue<>();
        private final AtomicInteger attempts = new AtomicInteger();

        public void next(Flux<String> attempt) {
            this.attemptsToCome.add(attempt);
        }

        public int attempts() {
            return this.attempts.get();
        }

        @Resilient(value = "streaming", maxAttempts = "3")
        public Flux<String> streamed() {
            this.attempts.incrementAndGet();
            return this.attemptsToCome.remove();
        }

        @Resilient(maxAttempts = "3")
        public Flux<String> buffered() {
            this.attempts.incrementAndGet();
            return this.attemptsToCome.remove();
        }
    }
}
