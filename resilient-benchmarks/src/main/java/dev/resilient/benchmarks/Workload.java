package dev.resilient.benchmarks;

import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * The call every benchmark protects, and the one configuration every library is given.
 *
 * <p>The protected call is a non-capturing static function returning a constant object, so what is
 * measured is the library's own cost. Each library gets the same settings, expressed in its own API:
 *
 * <table>
 *   <caption>Equivalent configurations</caption>
 *   <tr><th>pattern</th><th>settings</th></tr>
 *   <tr><td>retry</td><td>3 attempts in all, zero delay, retry on any exception</td></tr>
 *   <tr><td>circuit breaker</td><td>count-based sliding window of 100 calls, opens at a 50% failure
 *       rate once 100 calls are seen; the consecutive-failure rule of resilient is switched off</td></tr>
 *   <tr><td>rate limiter</td><td>1,000,000,000 permits per second and no waiting: it never throttles
 *       the benchmark, so only the cost of taking a permit is measured</td></tr>
 *   <tr><td>bulkhead</td><td>semaphore-style, 1000 concurrent calls, no waiting</td></tr>
 * </table>
 *
 * <p>The composed pipeline is retry → circuit breaker → rate limiter → bulkhead → call (outer to
 * inner), the order of resilient's pipeline and of resilience4j's default aspect order.
 */
public final class Workload {

    /** What the call returns. */
    public static final Object RESULT = new Object();

    /** The protected call. */
    public static final Callable<Object> CALL = () -> RESULT;

    /** Attempts in all, the first included. */
    public static final int MAX_ATTEMPTS = 3;

    /** Delay between attempts. */
    public static final Duration RETRY_DELAY = Duration.ZERO;

    /** Calls in the breaker's count-based window, and calls it must see before it may open. */
    public static final int BREAKER_WINDOW = 100;

    /** Failure rate, in percent, at which the breaker opens. */
    public static final int BREAKER_FAILURE_RATE = 50;

    /** Rate limiter permits per {@link #LIMITER_PERIOD}: far more than any benchmark can take. */
    public static final int LIMITER_PERMITS = 1_000_000_000;

    /** The rate limiter's period. */
    public static final Duration LIMITER_PERIOD = Duration.ofSeconds(1);

    /** Concurrent calls the bulkhead admits. */
    public static final int BULKHEAD_MAX_CONCURRENT = 1000;

    /** The failure a flaky call throws: preallocated, without a stack trace. */
    public static final RuntimeException FAILURE = new FlakyFailure();

    private Workload() {}

    /**
     * A call that fails once, then succeeds, then fails once again, and so on: under a retry each
     * benchmark operation is one failed attempt and one successful retry. Not thread-safe: one per
     * benchmark thread.
     */
    public static final class Flaky {
        private boolean failNext = true;

        /** Fails on every other invocation. */
        public Object next() {
            if (failNext) {
                failNext = false;
                throw FAILURE;
            }
            failNext = true;
            return RESULT;
        }
    }

    /** The exception a flaky call throws. */
    static final class FlakyFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        FlakyFailure() {
            super("flaky call failed", null, false, false);
        }
    }
}
