package dev.resilient.compat;

import dev.resilient.spring.Resilient;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.stereotype.Service;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A Boot application that adds the starter and nothing else of it, written only against APIs every
 * supported Boot line shares.
 */
@SpringBootApplication
public class CompatApplication {

    /** Calls a dependency that fails: two failures before each success, or always. */
    @Service
    public static class Downstream {

        private final AtomicInteger flakyCalls = new AtomicInteger();
        private final AtomicInteger brokenCalls = new AtomicInteger();

        /** Starts the flaky dependency's count again: two failures, then a success. */
        public void resetFlaky() {
            flakyCalls.set(0);
        }

        /** How often the broken dependency was really called. */
        public int brokenCalls() {
            return brokenCalls.get();
        }

        @Resilient(name = "flaky", maxAttempts = "3", delay = "1ms")
        public String flaky() throws IOException {
            int call = flakyCalls.incrementAndGet();
            if (call % 3 != 0) {
                throw new IOException("flaky call " + call);
            }
            return "ok after " + call + " calls";
        }

        @Resilient(
                name = "broken",
                maxAttempts = "1",
                failureThreshold = "2",
                recoveryTimeout = "10m",
                fallbackMethod = "brokenFallback")
        public String broken() throws IOException {
            brokenCalls.incrementAndGet();
            throw new IOException("down");
        }

        String brokenFallback(Throwable failure) {
            return "fallback after " + failure.getClass().getSimpleName();
        }
    }

    /** The application's own HTTP API, in front of the dependency. */
    @RestController
    public static class Api {

        private final Downstream downstream;

        Api(Downstream downstream) {
            this.downstream = downstream;
        }

        @GetMapping("/flaky")
        String flaky() throws IOException {
            return downstream.flaky();
        }

        @GetMapping("/broken")
        String broken() throws IOException {
            return downstream.broken();
        }
    }
}
