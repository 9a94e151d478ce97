package dev.resilient.spring.http;

/** Why the HTTP client integration's own pipeline does not repeat a request, as failure messages say it. */
enum NotRetriedReason {
    /** An enclosing retrying {@code @Resilient} method repeats the whole call instead. */
    OUTER_RETRIES("not retried here: the enclosing @Resilient method retries the call"),
    /** The method is not idempotent and the request carries no idempotency key. */
    UNSAFE_METHOD("not retried: the request is not safe to repeat"),
    /** A {@code WebClient} request body that was not kept whole, so it cannot be sent again. */
    BODY_NOT_REPLAYABLE("not retried: the request body cannot be sent again");

    private final String text;

    NotRetriedReason(String text) {
        this.text = text;
    }

    /** The reason for a request that may not be repeated: outer retries first, else its method. */
    static NotRetriedReason of(boolean outerRetries) {
        return outerRetries ? OUTER_RETRIES : UNSAFE_METHOD;
    }

    @Override
    public String toString() {
        return this.text;
    }
}
