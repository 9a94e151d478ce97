package dev.resilient.spring.outcome;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.resilient.ResilienceRuntime;
import dev.resilient.circuitbreaker.CircuitBreakerOpenException;
import dev.resilient.retry.RetryExhaustedException;
import dev.resilient.spring.Resilient;
import dev.resilient.spring.ResilientErrorMapper;
import dev.resilient.spring.autoconfigure.ResilientAutoConfiguration;
import dev.resilient.time.Clock;
import dev.resilient.time.ManualTime;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * What reaches the caller, the fallback method, {@code suppress}, {@code fallback.handles} and the error
 * mapper when retries run out: the method's last failure, in both {@code retry.on-exhausted} modes, with
 * the attempts reachable through {@link RetryExhaustedException#find}.
 */
class OriginalFailureTest {

    private final ManualTime time = new ManualTime();

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class, ResilientAutoConfiguration.class))
            .withBean(Clock.class, () -> this.time)
            .withBean(ResilienceRuntime.class, () -> ResilienceRuntime.manual(this.time))
            .withBean(PaymentClient.class)
            .withBean(Bare.class)
            // the YAML of docs/spring-boot.md's quick start
            .withPropertyValues(
                    "resilient.defaults.retry.max-attempts=3",
                    "resilient.profiles.payments.retry.max-attempts=4",
                    "resilient.profiles.payments.retry.delay=200ms",
                    "resilient.profiles.payments.retry.max-delay=5s",
                    "resilient.profiles.payments.retry.backoff=exponential",
                    "resilient.profiles.payments.retry.jitter=full",
                    "resilient.profiles.payments.circuit-breaker.failure-rate-threshold=50",
                    "resilient.profiles.payments.circuit-breaker.sliding-window-size=20",
                    "resilient.profiles.payments.circuit-breaker.recovery-timeout=30s",
                    "resilient.profiles.quiet.fallback.suppress=java.io.IOException",
                    "resilient.profiles.io-only.fallback.handles=java.io.IOException",
                    "resilient.profiles.tripping.retry.max-attempts=5",
                    "resilient.profiles.tripping.circuit-breaker.failure-threshold=2");

    @Test
    void theDocsTypedIoExceptionOverloadAnswersAfterTheRetries() {
        this.runner.run(context -> {
            PaymentClient client = context.getBean(PaymentClient.class);
            client.failWith(new IOException("connection reset"));
            assertThat(client.charge("o-1", 100)).isEqualTo("queued o-1 after IOException");
            assertThat(client.attempts()).isEqualTo(4);
            client.failWith(new IllegalStateException("declined"));
            assertThat(client.charge("o-2", 100)).isEqualTo("rejected o-2");
            assertThat(client.attempts()).isEqualTo(4);
        });
    }

    @Test
    void theReadmeThrowableOverloadIsGivenTheLastFailure() {
        this.runner.run(context -> {
            PaymentClient client = context.getBean(PaymentClient.class);
            client.failWith(new IOException("timeout"));
            assertThat(client.chargeAnyFailure("o-3", 5)).isEqualTo("pending o-3 after IOException: timeout");
        });
    }

    @Test
    void aBareResilientThrowsWhatTheMethodThrewWithTheAttemptsAttached() {
        this.runner.run(context -> {
            Bare bare = context.getBean(Bare.class);
            Throwable thrown = catchThrowable(bare::read);
            assertThat(thrown).isExactlyInstanceOf(IOException.class).hasMessage("read failed 3");
            RetryExhaustedException record =
                    RetryExhaustedException.find(thrown).orElseThrow();
            assertThat(record.attempts()).isEqualTo(3);
            assertThat(record.failures())
                    .extracting(Throwable::getMessage)
                    .containsExactly("read failed 1", "read failed 2", "read failed 3");
        });
    }

    @Test
    void anAsyncMethodFailsWithWhatItFailedWith() {
        this.runner.run(context -> {
            Bare bare = context.getBean(Bare.class);
            CompletableFuture<String> future = bare.readAsync();
            this.time.advance(java.time.Duration.ofMinutes(1));
            Throwable thrown = catchThrowable(future::join).getCause();
            assertThat(thrown).isExactlyInstanceOf(IOException.class);
            assertThat(RetryExhaustedException.find(thrown).orElseThrow().attempts())
                    .isEqualTo(3);
        });
    }

    @Test
    void suppressAndHandlesMatchTheLastFailureAfterRetries() {
        this.runner.run(context -> {
            Bare bare = context.getBean(Bare.class);
            assertThat(bare.quiet()).isNull();
            assertThat(bare.attempts()).isEqualTo(3);
            assertThat(bare.ioOnly()).isEqualTo("handled IOException");
            assertThatThrownBy(bare::ioOnlyState).isExactlyInstanceOf(IllegalStateException.class);
        });
    }

    @Test
    void theErrorMapperIsGivenTheLastFailure() {
        List<Throwable> seen = new CopyOnWriteArrayList<>();
        this.runner
                .withBean(ResilientErrorMapper.class, () -> (instance, failure) -> {
                    seen.add(failure);
                    return failure instanceof IOException io ? new UncheckedIOException(io) : failure;
                })
                .run(context -> {
                    Bare bare = context.getBean(Bare.class);
                    assertThatThrownBy(bare::read)
                            .isInstanceOf(UncheckedIOException.class)
                            .hasCauseInstanceOf(IOException.class);
                    assertThat(seen).singleElement().isInstanceOf(IOException.class);
                });
    }

    @Test
    void theWrapperIsOptInAndEverythingStillClassifiesByTheLastFailure() {
        List<Throwable> mapped = new CopyOnWriteArrayList<>();
        this.runner
                .withPropertyValues("resilient.defaults.retry.on-exhausted=wrap")
                .withBean(ResilientErrorMapper.class, () -> (instance, failure) -> {
                    mapped.add(failure);
                    return failure;
                })
                .run(context -> {
                    Bare bare = context.getBean(Bare.class);
                    assertThatThrownBy(bare::read).isInstanceOfSatisfying(RetryExhaustedException.class, e -> {
                        assertThat(e.attempts()).isEqualTo(3);
                        assertThat(e.getCause()).isInstanceOf(IOException.class);
                    });
                    assertThat(mapped).singleElement().isInstanceOf(IOException.class);
                    assertThat(bare.quiet()).isNull();
                    assertThat(bare.ioOnly()).isEqualTo("handled IOException");
                    PaymentClient client = context.getBean(PaymentClient.class);
                    client.failWith(new IOException("reset"));
                    assertThat(client.charge("o-4", 1)).isEqualTo("queued o-4 after IOException");
                });
    }

    @Test
    void aCircuitThatOpensDuringTheRetriesReachesTheCallerWithTheLastFailureAttached() {
        this.runner.run(context -> {
            Bare bare = context.getBean(Bare.class);
            Throwable thrown = catchThrowable(bare::tripping);
            assertThat(thrown).isInstanceOf(CircuitBreakerOpenException.class);
            assertThat(bare.attempts()).isEqualTo(2);
            RetryExhaustedException record =
                    RetryExhaustedException.find(thrown).orElseThrow();
            assertThat(record.lastFailure()).isInstanceOf(IOException.class).hasMessage("read failed 2");
            assertThat(record.attempts()).isEqualTo(3);
        });
    }

    /** The class of docs/spring-boot.md's quick start and of the README. */
    public static class PaymentClient {
        private final AtomicInteger attempts = new AtomicInteger();
        private volatile Exception failure;

        void failWith(Exception failure) {
            this.failure = failure;
            this.attempts.set(0);
        }

        int attempts() {
            return this.attempts.get();
        }

        @Resilient(value = "payments", fallbackMethod = "chargeLater")
        public String charge(String orderId, long cents) throws Exception {
            this.attempts.incrementAndGet();
            throw this.failure;
        }

        public String chargeLater(String orderId, long cents, IOException failure) {
            return "queued " + orderId + " after " + failure.getClass().getSimpleName(); // only for I/O failures
        }

        public String chargeLater(String orderId, long cents) {
            return "rejected " + orderId; // every other failure
        }

        @Resilient(value = "payments", name = "PaymentClient.chargeAnyFailure", fallbackMethod = "pending")
        public String chargeAnyFailure(String orderId, long cents) throws Exception {
            throw this.failure;
        }

        public String pending(String orderId, long cents, Throwable failure) {
            return "pending " + orderId + " after " + failure.getClass().getSimpleName() + ": " + failure.getMessage();
        }
    }

    /** Bare and profile-configured methods that fail. */
    public static class Bare {
        private final AtomicInteger attempts = new AtomicInteger();

        int attempts() {
            return this.attempts.getAndSet(0);
        }

        @Resilient
        public String read() throws IOException {
            throw new IOException("read failed " + this.attempts.incrementAndGet());
        }

        @Resilient
        public CompletableFuture<String> readAsync() {
            return CompletableFuture.failedFuture(new IOException("read failed " + this.attempts.incrementAndGet()));
        }

        @Resilient("quiet")
        public String quiet() throws IOException {
            this.attempts.incrementAndGet();
            throw new IOException("quiet");
        }

        @Resilient(value = "io-only", fallbackMethod = "handled")
        public String ioOnly() throws IOException {
            throw new IOException("io");
        }

        @Resilient(value = "io-only", name = "Bare.ioOnlyState", fallbackMethod = "handled")
        public String ioOnlyState() {
            throw new IllegalStateException("state");
        }

        public String handled(Throwable failure) {
            return "handled " + failure.getClass().getSimpleName();
        }

        @Resilient("tripping")
        public String tripping() throws IOException {
            throw new IOException("read failed " + this.attempts.incrementAndGet());
        }
    }
}
