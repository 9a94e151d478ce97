package dev.resilient.spring.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.resilient.circuitbreaker.CircuitBreakerOpenException;
import dev.resilient.circuitbreaker.CircuitState;
import dev.resilient.pipeline.ResiliencePipeline;
import dev.resilient.pipeline.ResilienceRegistry;
import dev.resilient.spring.autoconfigure.ResilientConfigurationFailureAnalyzer;
import dev.resilient.spring.data.app.DataApplication;
import dev.resilient.spring.data.app.Owner;
import dev.resilient.spring.data.app.OwnerRepository;
import dev.resilient.spring.data.app.Vet;
import dev.resilient.spring.data.app.VetRepository;
import dev.resilient.spring.data.typo.TypoApplication;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.Statement;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.dao.DataAccessException;
import org.springframework.data.domain.PageRequest;

/**
 * {@code @Resilient} on the methods of real Spring Data JPA repositories (embedded H2): found,
 * named after the repository interface and validated at start-up.
 */
class SpringDataRepositoryTest {

    static ConfigurableApplicationContext start(Class<?> application, String... properties) {
        return new SpringApplicationBuilder(application)
                .web(WebApplicationType.NONE)
                .properties(
                        "spring.datasource.url=jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
                        "spring.jpa.hibernate.ddl-auto=create-drop",
                        "spring.jpa.open-in-view=false",
                        "resilient.profiles.repository.retry.max-attempts=1",
                        "resilient.profiles.repository.circuit-breaker.failure-threshold=2",
                        "resilient.profiles.repository.circuit-breaker.recovery-timeout=1h")
                .properties(properties)
                .run();
    }

    @Test
    void twoRepositoriesWithASameNamedMethodKeepSeparateCircuits() throws Exception {
        try (ConfigurableApplicationContext context = start(DataApplication.class)) {
            OwnerRepository owners = context.getBean(OwnerRepository.class);
            VetRepository vets = context.getBean(VetRepository.class);
            vets.save(new Vet("Helen"));
            owners.save(new Owner("George"));
            execute(context, "DROP TABLE owner");

            assertThatThrownBy(owners::findAll).isInstanceOf(DataAccessException.class);
            assertThatThrownBy(owners::findAll).isInstanceOf(DataAccessException.class);
            assertThatThrownBy(owners::findAll)
                    .isInstanceOf(CircuitBreakerOpenException.class)
                    .hasMessageContaining("'OwnerRepository.findAll'");

            assertThat(vets.findAll()).extracting(Vet::getName).containsExactly("Helen");
            ResilienceRegistry registry = context.getBean(ResilienceRegistry.class);
            assertThat(state(registry, "OwnerRepository.findAll")).isEqualTo(CircuitState.OPEN);
            assertThat(state(registry, "VetRepository.findAll()")).isEqualTo(CircuitState.CLOSED);
            assertThat(registry.pipelines())
                    .extracting(ResiliencePipeline::name)
                    .noneMatch(name -> name.contains("SimpleJpaRepository") || name.contains("CrudRepository"));
        }
    }

    @Test
    void overloadsOfARepositoryMethodGetInstancesOfTheirOwn() {
        try (ConfigurableApplicationContext context = start(DataApplication.class)) {
            VetRepository vets = context.getBean(VetRepository.class);
            vets.save(new Vet("Helen"));
            assertThat(vets.findAll(PageRequest.of(0, 10)).getContent()).hasSize(1);
            assertThat(vets.findAll(PageRequest.of(0, 10)).getContent()).hasSize(1);
            assertThat(vets.findAll()).hasSize(1);

            ResilienceRegistry registry = context.getBean(ResilienceRegistry.class);
            assertThat(registry.find("VetRepository.findAll(Pageable)")
                            .orElseThrow()
                            .stats()
                            .calls())
                    .isEqualTo(2);
            assertThat(registry.find("VetRepository.findAll()")
                            .orElseThrow()
                            .stats()
                            .calls())
                    .isEqualTo(1);
            assertThat(registry.find("VetRepository.findAll")).isEmpty();
        }
    }

    @Test
    void everyRepositoryInstanceIsListedBeforeTheFirstCall() throws Exception {
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(DataApplication.class)
                .web(WebApplicationType.SERVLET)
                .properties(
                        "server.port=0",
                        "management.endpoints.web.exposure.include=resilience",
                        "spring.datasource.url=jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
                        "resilient.profiles.repository.retry.max-attempts=1")
                .run()) {
            String port = context.getEnvironment().getProperty("local.server.port");
            HttpResponse<String> response = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/resilience"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body())
                    .contains(
                            "\"VetRepository.findAll()\"",
                            "\"VetRepository.findAll(Pageable)\"",
                            "\"OwnerRepository.findAll\"",
                            "\"OwnerRepository.findByName\"")
                    .doesNotContain("SimpleJpaRepository");
            ResilienceRegistry registry = context.getBean(ResilienceRegistry.class);
            assertThat(registry.find("OwnerRepository.findByName")
                            .orElseThrow()
                            .stats()
                            .calls())
                    .isZero();
        }
    }

    @Test
    void aMisspeltProfileOnARepositoryMethodFailsTheStartUp() {
        assertThatThrownBy(() -> start(TypoApplication.class).close()).satisfies(failure -> {
            FailureAnalysis analysis = new ResilientConfigurationFailureAnalyzer().analyze(failure);
            assertThat(analysis).isNotNull();
            assertThat(analysis.getDescription())
                    .contains("PetRepository.findAll")
                    .contains("unknown profile 'databse'")
                    .contains("database");
        });
    }

    private static CircuitState state(ResilienceRegistry registry, String name) {
        return registry.find(name).orElseThrow().circuitBreaker().orElseThrow().state();
    }

    private static void execute(ConfigurableApplicationContext context, String sql) throws Exception {
        try (Connection connection = context.getBean(DataSource.class).getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
