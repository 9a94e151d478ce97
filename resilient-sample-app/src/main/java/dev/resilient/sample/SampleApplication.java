package dev.resilient.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * An order service whose calls to its downstream services (inventory, payments, shipping) go
 * through {@code @Resilient} methods configured by the profiles in {@code application.yml}.
 *
 * <p>Without {@code sample.downstream.url} the application starts its own simulated downstream on
 * {@code sample.simulator.port}; {@code POST /simulator} makes it fail, stall or answer 429 / 503
 * with {@code Retry-After}.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class SampleApplication {

    public static void main(String[] args) {
        SpringApplication.run(SampleApplication.class, args);
    }
}
