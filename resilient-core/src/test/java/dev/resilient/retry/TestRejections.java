package dev.resilient.retry;

import dev.resilient.CallNotPermittedException;
import dev.resilient.RetryAfterAware;
import java.time.Duration;

/** Small rejections standing in for the circuit breaker's and the rate limiter's. */
final class TestRejections {

    private TestRejections() {}

    /** Like an open circuit: not retryable. */
    static final class OpenCircuit extends CallNotPermittedException {
        private static final long serialVersionUID = 1L;

        OpenCircuit() {
            super("svc", "circuit open");
        }
    }

    /** Like a rate limit: retryable after the time until a permit frees. */
    static final class RateLimited extends CallNotPermittedException implements RetryAfterAware {
        private static final long serialVersionUID = 1L;
        private final Duration wait;

        RateLimited(Duration wait) {
            super("svc", "rate limited");
            this.wait = wait;
        }

        @Override
        public boolean retryable() {
            return true;
        }

        @Override
        public Duration retryAfter() {
            return wait;
        }
    }

    /** Retryable, but with no Retry-After hint. */
    static final class BulkheadFull extends CallNotPermittedException {
        private static final long serialVersionUID = 1L;

        BulkheadFull() {
            super("svc", "bulkhead full");
        }

        @Override
        public boolean retryable() {
            return true;
        }
    }
}
