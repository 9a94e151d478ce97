package dev.resilient.spring.outcome;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.resilient.ResilienceRuntime;
import dev.resilient.pipeline.ResilienceRegistry;
import dev.resilient.spring.Resilient;
import dev.resilient.spring.ResilientCleanup;
import dev.resilient.spring.ResilientConfigurationException;
import dev.resilient.spring.ResilientRecovery;
import dev.resilient.spring.autoconfigure.ResilientAutoConfiguration;
import dev.resilient.step.PipelineStats;
import dev.resilient.time.Clock;
import dev.resilient.time.ManualTime;
import java.io.FileNotFoundException;
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
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The Spring forms of the seed's recovery function and cleanup action: beans named from a profile. */
class RecoveryAndCleanupHooksTest {

    private final ManualTime time = new ManualTime();

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class, ResilientAutoConfiguration.class))
            .withBean(Clock.class, () -> this.time)
            .withBean(ResilienceRuntime.class, () -> ResilienceRuntime.manual(this.time))
            .withUserConfiguration(UserConfiguration.class)
            .withPropertyValues(
                    "resilient.defaults.retry.delay=100ms",
                    "resilient.defaults.retry.backoff=fixed",
                    "resilient.defaults.retry.jitter=none");

    @Test
    void theRecoveryAnswersTheNamedTypesOnlyAfterTheRetries() {
        this.runner
                .withPropertyValues(
                        "resilient.profiles.payments.recovery.bean=paymentsRecovery",
                        "resilient.profiles.payments.recovery.recover-on=java.io.IOException")
                .run(context -> {
                    Payments payments = context.getBean(Payments.class);
                    Journal journal = context.getBean(Journal.class);
                    assertThat(payments.charge("io")).isEqualTo("recovered IOException");
                    assertThat(payments.attempts(0)).isEqualTo(3);
                    assertThat(payments.charge("file")).isEqualTo("recovered FileNotFoundException");
                    assertThat(journal.entries)
                            .containsExactly(
                                    "recover Payments.charge IOException",
                                    "recover Payments.charge FileNotFoundException");
                    assertThatThrownBy(() -> payments.charge("state")).isInstanceOf(IllegalStateException.class);
                    assertThat(journal.entries).hasSize(2);
                });
    }

    @Test
    void theRecoveryClassifiesByTheLastFailureWhenRetriesWrapIt() {
        this.runner
                .withPropertyValues(
                        "resilient.profiles.payments.retry.on-exhausted=wrap",
                        "resilient.profiles.payments.recovery.bean=paymentsRecovery",
                        "resilient.profiles.payments.recovery.recover-on=java.io.IOException")
                .run(context -> {
                    Payments payments = context.getBean(Payments.class);
                    assertThat(payments.charge("io")).isEqualTo("recovered IOException");
                    assertThatThrownBy(() -> payments.charge("state"))
                            .isInstanceOf(dev.resilient.retry.RetryExhaustedException.class)
                            .hasCauseInstanceOf(IllegalStateException.class);
                });
    }

    @Test
    void withoutRecoverOnTheRecoveryAnswersEveryException() {
        this.runner
                .withPropertyValues("resilient.profiles.payments.recovery.bean=paymentsRecovery")
                .run(context -> assertThat(context.getBean(Payments.class).charge("state"))
                        .isEqualTo("recovered IllegalStateException"));
    }

    @Test
    void aRecoveryThatThrowsFailsTheCallWithItsOwnFailureAndTheOriginalSuppressed() {
        this.runner
                .withPropertyValues("resilient.profiles.payments.recovery.bean=paymentsRecovery")
                .run(context -> assertThatThrownBy(
                                () -> context.getBean(Payments.class).charge("refused"))
                        .isInstanceOf(UncheckedIOException.class)
                        .hasMessage("recovery refused")
                        .satisfies(failure -> assertThat(failure.getSuppressed())
                                .anySatisfy(s -> assertThat(s).isInstanceOf(IOException.class))));
    }

    @Test
    void theRecoveryAnswersAnAsyncMethodWithoutBlocking() {
        this.runner
                .withPropertyValues(
                        "resilient.profiles.payments.retry.max-attempts=1",
                        "resilient.profiles.payments.recovery.bean=paymentsRecovery",
                        "resilient.profiles.payments.recovery.recover-on=java.io.IOException")
                .run(context -> assertThat(context.getBean(Payments.class).chargeLater("io"))
                        .isCompletedWithValue("recovered IOException"));
    }

    @Test
    void aRecoveredCallIsAnsweredByAFallbackAndTheFallbackMethodSeesOnlyTheRest() {
        this.runner
                .withPropertyValues(
                        "resilient.profiles.payments.retry.max-attempts=1",
                        "resilient.profiles.payments.recovery.bean=paymentsRecovery",
                        "resilient.profiles.payments.recovery.recover-on=java.io.IOException")
                .run(context -> {
                    Payments payments = context.getBean(Payments.class);
                    assertThat(payments.refund("io")).isEqualTo("recovered IOException");
                    assertThat(payments.refund("state")).isEqualTo("refund later after IllegalStateException");
                    PipelineStats stats = context.getBean(ResilienceRegistry.class)
                            .find("Payments.refund")
                            .orElseThrow()
                            .stats();
                    assertThat(stats.fallbacks()).isEqualTo(2);
                    assertThat(stats.failures()).isZero();
                });
    }

    @Test
    void theCleanupRunsAfterEveryCallAroundEverything() {
        this.runner
                .withPropertyValues(
                        "resilient.profiles.payments.cleanup.bean=closeConnections",
                        "resilient.profiles.payments.recovery.bean=paymentsRecovery",
                        "resilient.profiles.payments.recovery.recover-on=java.io.FileNotFoundException")
                .run(context -> {
                    Payments payments = context.getBean(Payments.class);
                    Journal journal = context.getBean(Journal.class);
                    assertThat(payments.charge("ok")).isEqualTo("charged");
                    assertThatThrownBy(() -> payments.charge("io")).isInstanceOf(IOException.class);
                    assertThat(payments.attempts(0)).isEqualTo(4);
                    // the recovery answered inside, so the cleanup sees a successful call
                    assertThat(payments.charge("file")).isEqualTo("recovered FileNotFoundException");
                    assertThat(journal.entries)
                            .containsExactly(
                                    "cleanup Payments.charge after success",
                                    "cleanup Payments.charge after IOException",
                                    "recover Payments.charge FileNotFoundException",
                                    "cleanup Payments.charge after success");
                });
    }

    @Test
    void theCleanupRunsOnlyAfterAFailedCallInModeOnFailure() {
        this.runner
                .withPropertyValues(
                        "resilient.profiles.payments.cleanup.bean=closeConnections",
                        "resilient.profiles.payments.cleanup.mode=on-failure")
                .run(context -> {
                    Payments payments = context.getBean(Payments.class);
                    Journal journal = context.getBean(Journal.class);
                    assertThat(payments.charge("ok")).isEqualTo("charged");
                    assertThat(journal.entries).isEmpty();
                    assertThatThrownBy(() -> payments.charge("io")).isInstanceOf(IOException.class);
                    assertThat(journal.entries).containsExactly("cleanup Payments.charge after IOException");
                });
    }

    @Test
    void aCleanupThatThrowsNeverChangesTheOutcome() {
        this.runner
                .withPropertyValues("resilient.profiles.payments.cleanup.bean=failingCleanup")
                .run(context -> {
                    Payments payments = context.getBean(Payments.class);
                    assertThat(payments.charge("ok")).isEqualTo("charged");
                    assertThatThrownBy(() -> payments.charge("io"))
                            .isInstanceOf(IOException.class)
                            .satisfies(failure -> assertThat(failure.getSuppressed())
                                    .anySatisfy(s -> assertThat(s).hasMessage("cleanup broke")));
                });
    }

    @Test
    void anUnknownRecoveryBeanFailsTheStartUpNamingTheProperty() {
        this.runner
                .withPropertyValues("resilient.profiles.payments.recovery.bean=noSuchRecovery")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure())
                            .isInstanceOf(ResilientConfigurationException.class)
                            .hasMessageContaining("resilient.profiles.payments.recovery.bean")
                            .hasMessageContaining("no bean named 'noSuchRecovery'");
                });
    }

    @Test
    void anUnknownCleanupBeanFailsTheStartUpNamingTheProperty() {
        this.runner
                .withPropertyValues("resilient.profiles.payments.cleanup.bean=noSuchCleanup")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure())
                            .isInstanceOf(ResilientConfigurationException.class)
                            .hasMessageContaining("resilient.profiles.payments.cleanup.bean")
                            .hasMessageContaining("no bean named 'noSuchCleanup'");
                });
    }

    @Test
    void aBeanOfAnotherTypeFailsTheStartUpNamingTheProperty() {
        this.runner
                .withPropertyValues("resilient.profiles.payments.recovery.bean=journal")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure())
                            .isInstanceOf(ResilientConfigurationException.class)
                            .hasMessageContaining("resilient.profiles.payments.recovery.bean")
                            .hasMessageContaining("not a dev.resilient.spring.ResilientRecovery");
                });
    }

    @Test
    void recoverOnWithoutABeanFailsTheStartUpNamingTheProperty() {
        this.runner
                .withPropertyValues("resilient.profiles.payments.recovery.recover-on=java.io.IOException")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure())
                            .isInstanceOf(ResilientConfigurationException.class)
                            .hasMessageContaining("resilient.profiles.payments.recovery.recover-on")
                            .hasMessageContaining("recovery.bean");
                });
    }

    /** The application's own configuration: a resilient bean and the hooks its profile names. */
    @Configuration(proxyBeanMethods = false)
    static class UserConfiguration {

        @Bean
        Journal journal() {
            return new Journal();
        }

        @Bean
        Payments payments() {
            return new Payments();
        }

        @Bean
        ResilientRecovery paymentsRecovery(Journal journal) {
            return (instance, failure) -> {
                if (failure.getMessage().equals("refused")) {
                    throw new UncheckedIOException("recovery refused", new IOException());
                }
                journal.entries.add(
                        "recover " + instance + " " + failure.getClass().getSimpleName());
                return "recovered " + failure.getClass().getSimpleName();
            };
        }

        @Bean
        ResilientCleanup closeConnections(Journal journal) {
            return (instance, failure) -> journal.entries.add("cleanup " + instance + " after "
                    + (failure == null ? "success" : failure.getClass().getSimpleName()));
        }

        @Bean
        ResilientCleanup failingCleanup() {
            return (instance, failure) -> {
                throw new IllegalStateException("cleanup broke");
            };
        }
    }

    /** What the hooks did, in order. */
    static class Journal {
        final List<String> entries = new CopyOnWriteArrayList<>();
    }

    /** A resilient bean of the application. */
    public static class Payments {
        private final AtomicInteger attempts = new AtomicInteger();

        /** The attempts made so far; sets the count to {@code reset}. */
        public int attempts(int reset) {
            return this.attempts.getAndSet(reset);
        }

        @Resilient("payments")
        public String charge(String kind) throws IOException {
            this.attempts.incrementAndGet();
            switch (kind) {
                case "io" -> throw new IOException("io");
                case "refused" -> throw new IOException("refused");
                case "file" -> throw new FileNotFoundException("file");
                case "state" -> throw new IllegalStateException("state");
                default -> {
                    return "charged";
                }
            }
        }

        @Resilient(value = "payments", fallbackMethod = "refundLater")
        public String refund(String kind) throws IOException {
            return charge(kind);
        }

        public String refundLater(String kind, Throwable failure) {
            return "refund later after " + failure.getClass().getSimpleName();
        }

        @Resilient("payments")
        public CompletableFuture<String> chargeLater(String kind) {
            return CompletableFuture.failedFuture(new IOException(kind));
        }
    }
}
