package dev.resilient.spring.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resilient.ResilienceRuntime;
import dev.resilient.cache.FailureCachedException;
import dev.resilient.spring.Resilient;
import dev.resilient.spring.autoconfigure.ResilientAutoConfiguration;
import dev.resilient.time.Clock;
import dev.resilient.time.ManualTime;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * The failure cache on a {@code Mono} method, through the auto-configured starter with a manual
 * clock: a remembered failure fails the same key at once without invoking the method, other keys
 * run, and once the failure expires the call runs again and its success forgets the key.
 */
class ReactiveFailureCacheTest {

    private final ManualTime time = new ManualTime();

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class, ResilientAutoConfiguration.class))
            .withBean(Clock.class, () -> this.time)
            .withBean(ResilienceRuntime.class, () -> ResilienceRuntime.manual(this.time))
            .withBean(Lookups.class)
            .withPropertyValues(
                    "resilient.profiles.cached.retry.max-attempts=1",
                    "resilient.profiles.cached.failure-cache.ttl=30s");

    @Test
    void aRememberedFailureFailsItsKeyWithoutInvokingTheMethod() {
        this.runner.run(context -> {
            Lookups lookups = context.getBean(Lookups.class);
            Lookups.failing.set(true);
            StepVerifier.create(lookups.find("a")).verifyError(IOException.class);
            StepVerifier.create(lookups.find("a"))
                    .expectErrorSatisfies(failure -> assertThat(failure)
                            .isInstanceOf(FailureCachedException.class)
                            .hasCauseInstanceOf(IOException.class))
                    .verify();
            assertThat(Lookups.invocations).hasValue(1);

            StepVerifier.create(lookups.find("b")).verifyError(IOException.class);
            assertThat(Lookups.invocations).hasValue(2);

            this.time.advance(Duration.ofSeconds(30));
            Lookups.failing.set(false);
            StepVerifier.create(lookups.find("a")).expectNext("found a").verifyComplete();
            StepVerifier.create(lookups.find("a")).expectNext("found a").verifyComplete();
            assertThat(Lookups.invocations).hasValue(4);
        });
    }

    /** A lookup that fails while {@link #failing} is set; static state since the bean is a proxy. */
    public static class Lookups {
        static final AtomicBoolean failing = new AtomicBoolean();
        static final AtomicInteger invocations = new AtomicInteger();

        @Resilient("cached")
        public Mono<String> find(String id) {
            invocations.incrementAndGet();
            return failing.get() ? Mono.error(new IOException("down")) : Mono.just("found " + id);
        }
    }
}
