package dev.resilient.sample.simulator;

import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Changes the simulated downstream at run time.
 *
 * <ul>
 *   <li>{@code GET /simulator}: behaviour and request counts of every service;</li>
 *   <li>{@code POST /simulator} with a {@link Behaviour}: every service behaves so;</li>
 *   <li>{@code POST /simulator/{service}}: only that service ({@code inventory}, {@code payments},
 *       {@code shipping});</li>
 *   <li>{@code DELETE /simulator}: every service healthy again, counters cleared.</li>
 * </ul>
 */
@RestController
@RequestMapping("/simulator")
class SimulatorController {

    private final DownstreamSimulator simulator;

    SimulatorController(DownstreamSimulator simulator) {
        this.simulator = simulator;
    }

    @GetMapping
    Status status() {
        return new Status(simulator.baseUrl().toString(), simulator.status());
    }

    @GetMapping("/{service}")
    DownstreamSimulator.ServiceStatus status(@PathVariable String service) {
        return simulator.status(service);
    }

    @PostMapping
    Status configure(@RequestBody Behaviour behaviour) {
        simulator.configure(null, behaviour);
        return status();
    }

    @PostMapping("/{service}")
    DownstreamSimulator.ServiceStatus configure(@PathVariable String service, @RequestBody Behaviour behaviour) {
        simulator.configure(service, behaviour);
        return simulator.status(service);
    }

    @DeleteMapping
    Status reset() {
        simulator.reset();
        return status();
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<Map<String, String>> badRequest(IllegalArgumentException ex) {
        return ResponseEntity.badRequest().body(Map.of("error", ex.getMessage()));
    }

    /**
     * @param url where the simulator listens
     * @param services each service's behaviour and counts
     */
    record Status(String url, Map<String, DownstreamSimulator.ServiceStatus> services) {}
}
