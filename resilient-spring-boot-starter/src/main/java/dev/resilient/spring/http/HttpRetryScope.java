package dev.resilient.spring.http;

/**
 * Marks the calls made inside a {@code @Resilient} method whose own pipeline retries, so that the
 * HTTP client integrations do not retry them a second time: one layer retries, the method's. The
 * aspect marks the thread around a synchronous attempt ({@link #enter()} / {@link #exit()}) and the
 * Reactor context ({@link #CONTEXT_KEY}) of a {@code Mono} / {@code Flux}; the integrations'
 * breakers, limiters and timeouts still apply to each request. Allocation-free after a thread's
 * first use.
 */
public final class HttpRetryScope {

    /** The Reactor context key whose presence marks an outer retrying {@code @Resilient} call. */
    public static final String CONTEXT_KEY = HttpRetryScope.class.getName() + ".outerRetries";

    private static final ThreadLocal<int[]> DEPTH = ThreadLocal.withInitial(() -> new int[1]);

    private HttpRetryScope() {}

    /** Marks the current thread as running an attempt of a retrying {@code @Resilient} call. */
    public static void enter() {
        DEPTH.get()[0]++;
    }

    /** Ends the mark of the matching {@link #enter()}; call it in a {@code finally} block. */
    public static void exit() {
        int[] depth = DEPTH.get();
        if (depth[0] > 0) {
            depth[0]--;
        }
    }

    /** Whether the current thread runs inside a retrying {@code @Resilient} call. */
    static boolean outerRetries() {
        return DEPTH.get()[0] > 0;
    }
}
