package dev.resilient.spring.transaction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.resilient.spring.Resilient;
import dev.resilient.spring.ResilientConfigurationException;
import dev.resilient.spring.autoconfigure.ResilientAutoConfiguration;
import dev.resilient.timeout.TimeoutExceededException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.boot.transaction.autoconfigure.TransactionManagerCustomizationAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.IllegalTransactionStateException;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@code @Transactional} + {@code @Resilient(timeout)} with a real {@code DataSourceTransactionManager}
 * on an embedded H2 database, auto-configured: a timed-out or interrupted attempt never commits, the
 * deadline and the commit never both win, and a timed attempt refuses to pretend it joined its
 * caller's transaction.
 */
class TimedTransactionTest {

    private static final AtomicInteger DATABASES = new AtomicInteger();

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    AopAutoConfiguration.class,
                    DataSourceAutoConfiguration.class,
                    DataSourceTransactionManagerAutoConfiguration.class,
                    TransactionAutoConfiguration.class,
                    TransactionManagerCustomizationAutoConfiguration.class,
                    JdbcTemplateAutoConfiguration.class,
                    ResilientAutoConfiguration.class))
            .withPropertyValues(
                    "spring.datasource.url=jdbc:h2:mem:tx" + DATABASES.incrementAndGet() + ";DB_CLOSE_DELAY=-1",
                    "spring.datasource.hikari.maximum-pool-size=40",
                    "resilient.defaults.retry.max-attempts=1")
            .withUserConfiguration(Beans.class);

    @Test
    void aTimedOutAttemptThatIgnoresInterruptsRollsBackItsWrite() {
        this.runner.run(context -> {
            Orders orders = context.getBean(Orders.class);
            Outcomes outcomes = context.getBean(Outcomes.class);
            CountDownLatch release = new CountDownLatch(1);
            orders.count(); // the connection pool is warm: the insert itself is quick

            assertThatThrownBy(() -> orders.insertThenWaitIgnoringInterrupts(1, release))
                    .isInstanceOf(TimeoutExceededException.class);
            release.countDown();

            await().atMost(Duration.ofSeconds(10)).until(() -> outcomes.rollbacks.get() == 1);
            assertThat(outcomes.commits.get()).isZero();
            assertThat(orders.count()).isZero();
        });
    }

    @Test
    void anInterruptedAttemptRollsBackEvenThoughInterruptedExceptionIsChecked() {
        this.runner.run(context -> {
            Orders orders = context.getBean(Orders.class);
            Outcomes outcomes = context.getBean(Outcomes.class);
            orders.count(); // the connection pool is warm: the insert itself is quick

            assertThatThrownBy(() -> orders.insertThenSleep(2)).isInstanceOf(TimeoutExceededException.class);

            await().atMost(Duration.ofSeconds(10)).until(() -> outcomes.rollbacks.get() == 1);
            assertThat(outcomes.commits.get()).isZero();
            assertThat(orders.count()).isZero();
        });
    }

    @Test
    void everyTransactionManagerGetsTheCommitGuard() {
        this.runner.run(context -> assertThat(
                        context.getBean(org.springframework.transaction.ConfigurableTransactionManager.class)
                                .getTransactionExecutionListeners())
                .hasAtLeastOneElementOfType(TimedAttemptCommitGuard.class));
    }

    @Test
    void anAttemptWithinItsTimeCommits() {
        this.runner.run(context -> {
            Orders orders = context.getBean(Orders.class);
            assertThat(orders.insert(3)).isEqualTo(3);
            assertThat(orders.count()).isEqualTo(1);
            assertThat(context.getBean(Outcomes.class).commits.get()).isEqualTo(1);
        });
    }

    /** Work as long as the timeout, give or take: whichever wins, a failure never leaves a row behind. */
    @Test
    void whenTheDeadlineAndTheCommitRaceExactlyOneWins() {
        this.runner.run(context -> {
            Orders orders = context.getBean(Orders.class);
            Outcomes outcomes = context.getBean(Outcomes.class);
            ExecutorService callers = Executors.newFixedThreadPool(8);
            List<Future<Boolean>> results = new ArrayList<>();
            int calls = 400;
            try {
                for (int id = 0; id < calls; id++) {
                    int orderId = id;
                    results.add(callers.submit(() -> {
                        try {
                            orders.insertTakingAboutTheTimeout(orderId);
                            return true;
                        } catch (TimeoutExceededException e) {
                            return false;
                        }
                    }));
                }
                List<Integer> succeeded = new ArrayList<>();
                for (int id = 0; id < calls; id++) {
                    if (results.get(id).get(60, TimeUnit.SECONDS)) {
                        succeeded.add(id);
                    }
                }
                // every attempt that began a transaction has ended it (attempts interrupted before begin have none)
                await().during(Duration.ofMillis(500))
                        .atMost(Duration.ofSeconds(30))
                        .until(() -> outcomes.commits.get() + outcomes.rollbacks.get() == outcomes.begun.get());
                assertThat(orders.ids()).containsExactlyInAnyOrderElementsOf(succeeded);
                assertThat(outcomes.commits.get()).isEqualTo(succeeded.size());
                assertThat(succeeded).as("both outcomes happened").isNotEmpty().hasSizeLessThan(calls);
            } finally {
                callers.shutdownNow();
            }
        });
    }

    @Test
    void aTimedAttemptCannotJoinTheCallersTransactionAndSaysSo() {
        this.runner.run(context -> {
            Orders orders = context.getBean(Orders.class);
            TransactionTemplate transaction = context.getBean(TransactionTemplate.class);

            assertThatThrownBy(() -> transaction.executeWithoutResult(status -> orders.insert(4)))
                    .isInstanceOf(IllegalTransactionStateException.class)
                    .hasMessageContaining("Orders.insert")
                    .hasMessageContaining("cannot join the caller's active transaction")
                    .hasMessageContaining("@Transactional(timeout = ...)");
            assertThat(orders.count()).isZero();

            // a method that asks for a transaction of its own runs, in its own transaction
            transaction.executeWithoutResult(status -> orders.insertInOwnTransaction(5));
            assertThat(orders.ids()).containsExactly(5);
        });
    }

    @Test
    void aTimedMethodThatIsNotTransactionalIsNotRefusedAndWritesOutsideTheCallersTransaction() {
        this.runner.run(context -> {
            Orders orders = context.getBean(Orders.class);
            TransactionTemplate transaction = context.getBean(TransactionTemplate.class);
            transaction.executeWithoutResult(status -> {
                orders.insertWithoutTransaction(6);
                status.setRollbackOnly();
            });
            assertThat(orders.ids())
                    .as("the write stayed although the caller rolled back")
                    .containsExactly(6);
        });
    }

    @Test
    void aTimedMethodThatRequiresItsCallersTransactionFailsTheStartUp() {
        this.runner.withUserConfiguration(MandatoryBeans.class).run(context -> {
            assertThat(context).hasFailed();
            assertThat(NestedExceptionUtils.getMostSpecificCause(context.getStartupFailure()))
                    .isInstanceOf(ResilientConfigurationException.class)
                    .hasMessageContaining("Mandatory.insert")
                    .hasMessageContaining("MANDATORY")
                    .satisfies(failure -> {
                        ResilientConfigurationException rejected = (ResilientConfigurationException) failure;
                        // the annotation attribute that set the timeout, as every other start-up error names it
                        assertThat(rejected.property()).isEqualTo("@Resilient(timeout)");
                        assertThat(rejected.action())
                                .startsWith("Drop the @Resilient timeout")
                                .contains("@Transactional(timeout = ...)");
                    });
        });
    }

    @Configuration(proxyBeanMethods = false)
    static class Beans {
        @Bean
        Orders orders(JdbcTemplate jdbc, Outcomes outcomes) {
            jdbc.execute("create table orders (id int primary key)");
            return new Orders(jdbc, outcomes);
        }

        @Bean
        Outcomes outcomes() {
            return new Outcomes();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class MandatoryBeans {
        @Bean
        Mandatory mandatory(JdbcTemplate jdbc) {
            return new Mandatory(jdbc);
        }
    }

    /** Counts how the attempts' transactions completed, told by the transaction manager itself. */
    static class Outcomes {
        final AtomicInteger commits = new AtomicInteger();
        final AtomicInteger rollbacks = new AtomicInteger();
        final AtomicInteger begun = new AtomicInteger();

        /** Called inside the transaction: its completion is counted. */
        void watch() {
            this.begun.incrementAndGet();
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    (status == STATUS_COMMITTED ? Outcomes.this.commits : Outcomes.this.rollbacks).incrementAndGet();
                }
            });
        }
    }

    static class Orders {
        private final JdbcTemplate jdbc;
        private final Outcomes outcomes;

        Orders(JdbcTemplate jdbc, Outcomes outcomes) {
            this.jdbc = jdbc;
            this.outcomes = outcomes;
        }

        private void write(int id) {
            this.outcomes.watch();
            this.jdbc.update("insert into orders (id) values (?)", id);
        }

        @Transactional
        @Resilient(timeout = "2s")
        public int insert(int id) {
            write(id);
            return id;
        }

        @Resilient(timeout = "2s")
        public void insertWithoutTransaction(int id) {
            this.jdbc.update("insert into orders (id) values (?)", id);
        }

        @Transactional(propagation = Propagation.REQUIRES_NEW)
        @Resilient(timeout = "2s")
        public int insertInOwnTransaction(int id) {
            return insert(id);
        }

        @Transactional
        @Resilient(timeout = "500ms")
        public void insertThenWaitIgnoringInterrupts(int id, CountDownLatch release) {
            write(id);
            while (release.getCount() > 0) {
                LockSupport.parkNanos(1_000_000); // returns on interrupt, which is ignored
            }
        }

        @Transactional
        @Resilient(timeout = "500ms")
        public void insertThenSleep(int id) throws InterruptedException {
            write(id);
            Thread.sleep(10_000); // the timeout interrupts it: a checked InterruptedException
        }

        @Transactional
        @Resilient(timeout = "20ms", name = "race")
        public void insertTakingAboutTheTimeout(int id) {
            write(id);
            long until = System.nanoTime() + ThreadLocalRandom.current().nextLong(0, 40_000_000);
            while (System.nanoTime() < until) {
                LockSupport.parkNanos(200_000);
            }
        }

        public int count() {
            return this.jdbc.queryForObject("select count(*) from orders", Integer.class);
        }

        public List<Integer> ids() {
            return this.jdbc.queryForList("select id from orders", Integer.class);
        }
    }

    static class Mandatory {
        private final JdbcTemplate jdbc;

        Mandatory(JdbcTemplate jdbc) {
            this.jdbc = jdbc;
        }

        @Transactional(propagation = Propagation.MANDATORY)
        @Resilient(timeout = "1s")
        public void insert(int id) {
            this.jdbc.update("insert into orders (id) values (?)", id);
        }
    }
}
