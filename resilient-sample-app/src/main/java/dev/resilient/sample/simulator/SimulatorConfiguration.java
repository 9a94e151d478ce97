package dev.resilient.sample.simulator;

import dev.resilient.sample.SampleProperties;
import java.io.IOException;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Starts the simulated downstream when no real one is configured ({@code sample.downstream.url}
 * unset), together with its control endpoint {@code /simulator}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("'${sample.downstream.url:}'.isEmpty()")
class SimulatorConfiguration {

    @Bean(destroyMethod = "close")
    DownstreamSimulator downstreamSimulator(SampleProperties properties) throws IOException {
        return DownstreamSimulator.start(properties.simulator().port());
    }

    @Bean
    SimulatorController simulatorController(DownstreamSimulator simulator) {
        return new SimulatorController(simulator);
    }
}
