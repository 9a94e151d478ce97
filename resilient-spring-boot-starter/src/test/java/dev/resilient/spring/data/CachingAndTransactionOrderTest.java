package dev.resilient.spring.data;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resilient.pipeline.ResilienceRegistry;
import dev.resilient.spring.Resilient;
import dev.resilient.spring.data.app.DataApplication;
import dev.resilient.spring.data.app.Vet;
import dev.resilient.spring.data.app.VetRepository;
import dev.resilient.spring.internal.ResilientAdvisor;
import dev.resilient.step.PipelineStats;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.cache.concurrent.ConcurrentMapCacheManager;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * {@code @Cacheable} + {@code @Transactional} + {@code @Resilient} on one method of a real JPA
 * application, in the default arrangement (resilience outside caching and transactions: cache hits
 * are calls) and with the documented one-line recipe that puts caching outside resilience
 * ({@code @EnableCaching(order = Ordered.LOWEST_PRECEDENCE - 2)}: a cache hit is not a call). In
 * both, each attempt runs in a transaction of its own.
 */
class CachingAndTransactionOrderTest {

    @Test
    void byDefaultCacheHitsAreCountedAsCalls() throws Exception {
        try (ConfigurableApplicationContext context = start(DefaultCaching.class)) {
            VetDirectory directory = context.getBean(VetDirectory.class);
            for (int i = 0; i < 3; i++) {
                assertThat(directory.names("surgery")).containsExactly("Helen");
            }
            assertThat(directory.queries()).isEqualTo(1);
            PipelineStats stats = stats(context);
            assertThat(stats.calls()).isEqualTo(3);
            assertThat(stats.successes()).isEqualTo(3);
        }
    }

    @Test
    void withCachingOutsideResilienceACacheHitIsNotACall() throws Exception {
        try (ConfigurableApplicationContext context = start(CachingOutside.class)) {
            VetDirectory directory = context.getBean(VetDirectory.class);
            for (int i = 0; i < 3; i++) {
                assertThat(directory.names("surgery")).containsExactly("Helen");
            }
            assertThat(directory.queries()).isEqualTo(1);
            PipelineStats stats = stats(context);
            assertThat(stats.calls()).isEqualTo(1);
            assertThat(stats.successes()).isEqualTo(1);
        }
    }

    @Test
    void inBothArrangementsEachAttemptRunsInATransactionOfItsOwn() throws Exception {
        for (Class<?> arrangement : List.of(DefaultCaching.class, CachingOutside.class)) {
            try (ConfigurableApplicationContext context = start(arrangement)) {
                VetDirectory directory = context.getBean(VetDirectory.class);
                directory.failuresLeft(1);
                assertThat(directory.names("dentistry")).containsExactly("Helen");
                assertThat(directory.transactions()).hasSize(2).doesNotContainNull();
                assertThat(directory.transactions().get(0))
                        .as(arrangement.getSimpleName())
                        .isNotSameAs(directory.transactions().get(1));
                assertThat(stats(context).retries()).isEqualTo(1);
            }
        }
    }

    @Test
    void theAdvisorOrderIsConfigurable() {
        try (ConfigurableApplicationContext context = start(DefaultCaching.class, "resilient.aop.order=42")) {
            assertThat(context.getBean(ResilientAdvisor.class).getOrder()).isEqualTo(42);
        }
        try (ConfigurableApplicationContext context = start(DefaultCaching.class)) {
            assertThat(context.getBean(ResilientAdvisor.class).getOrder()).isEqualTo(Ordered.LOWEST_PRECEDENCE - 1);
        }
    }

    private static ConfigurableApplicationContext start(Class<?> arrangement, String... properties) {
        ConfigurableApplicationContext context = new SpringApplicationBuilder(DataApplication.class, arrangement)
                .web(WebApplicationType.NONE)
                .properties(
                        "spring.datasource.url=jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
                        "spring.jpa.hibernate.ddl-auto=create-drop",
                        "spring.jpa.open-in-view=false",
                        "resilient.profiles.repository.retry.max-attempts=1",
                        "resilient.profiles.directory.retry.max-attempts=2",
                        "resilient.profiles.directory.retry.delay=1ms",
                        "resilient.profiles.directory.retry.jitter=none")
                .properties(properties)
                .run();
        context.getBean(VetRepository.class).save(new Vet("Helen"));
        return context;
    }

    private static PipelineStats stats(ConfigurableApplicationContext context) {
        return context.getBean(ResilienceRegistry.class)
                .find("VetDirectory.names")
                .orElseThrow()
                .stats();
    }

    /** The service: cached, transactional and resilient on one method. */
    public static class VetDirectory {

        final AtomicInteger queries = new AtomicInteger();
        final AtomicInteger failuresLeft = new AtomicInteger();
        final List<Object> transactions = new ArrayList<>();
        private final EntityManager entityManager;
        private final EntityManagerFactory entityManagerFactory;

        public int queries() {
            return this.queries.get();
        }

        public void failuresLeft(int failures) {
            this.failuresLeft.set(failures);
        }

        public List<Object> transactions() {
            return this.transactions;
        }

        public VetDirectory(EntityManager entityManager, EntityManagerFactory entityManagerFactory) {
            this.entityManager = entityManager;
            this.entityManagerFactory = entityManagerFactory;
        }

        @Cacheable("vet-names")
        @Transactional(readOnly = true)
        @Resilient("directory")
        public List<String> names(String speciality) {
            this.transactions.add(
                    TransactionSynchronizationManager.isActualTransactionActive()
                            ? TransactionSynchronizationManager.getResource(this.entityManagerFactory)
                            : null);
            if (this.failuresLeft.getAndDecrement() > 0) {
                throw new IllegalStateException("database hiccup");
            }
            this.queries.incrementAndGet();
            return this.entityManager
                    .createQuery("select v.name from Vet v", String.class)
                    .getResultList();
        }
    }

    @Configuration(proxyBeanMethods = false)
    @EnableCaching
    static class DefaultCaching {

        @Bean
        CacheManager cacheManager() {
            return new ConcurrentMapCacheManager();
        }

        @Bean
        VetDirectory vetDirectory(EntityManager entityManager, EntityManagerFactory entityManagerFactory) {
            return new VetDirectory(entityManager, entityManagerFactory);
        }
    }

    /** The recipe: caching ordered before (outside) the @Resilient advisor. */
    @Configuration(proxyBeanMethods = false)
    @EnableCaching(order = Ordered.LOWEST_PRECEDENCE - 2)
    static class CachingOutside {

        @Bean
        CacheManager cacheManager() {
            return new ConcurrentMapCacheManager();
        }

        @Bean
        VetDirectory vetDirectory(EntityManager entityManager, EntityManagerFactory entityManagerFactory) {
            return new VetDirectory(entityManager, entityManagerFactory);
        }
    }
}
