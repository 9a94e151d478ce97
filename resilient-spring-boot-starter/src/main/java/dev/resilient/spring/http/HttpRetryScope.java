package dev.resilient.spring.http;

import java.util.concurrent.Callable;

/**
 * Marks the calls made inside a {@code @Resilient} method whose own pipeline retries, so that the
 * HTTP client integrations do not retry them a second time: one layer retries, the method's. The
 * aspect marks the thread for a synchronous attempt and the Reactor context ({@link #CONTEXT_KEY})
 * for a {@code Mono} / {@code Flux}; the integrations' breakers, limiters and timeouts still apply
 * to each request.
 */
public final class HttpRetryScope {

    /** The Reactor context key whose presence marks an outer retrying {@code @Resilient} call. */
    public static final String CONTEXT_KEY = HttpRetryScope.class.getName() + ".outerRetries";

    private static final ThreadLocal<Boolean> OUTER = new ThreadLocal<>();

    private HttpRetryScope() {}

    /** Runs {@code attempt} with the current thread marked as inside a retrying {@code @Resilient} call. */
    public static <T> T withOuterRetries(Callable<T> attempt) throws Exception {
        Boolean previous = OUTER.get();
        OUTER.set(Boolean.TRUE);
        try {
            return attempt.call();
        } finally {
            if (previous == null) {
                OUTER.remove();
            } else {
                OUTER.set(previous);
            }
        }
    }

    /** Whether the current thread runs inside a retrying {@code @Resilient} call. */
    static boolean outerRetries() {
        return OUTER.get() != null;
    }
}
