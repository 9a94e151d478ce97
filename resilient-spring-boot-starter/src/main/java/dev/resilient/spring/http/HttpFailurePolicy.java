package dev.resilient.spring.http;

import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which HTTP responses an HTTP client integration counts as failures, and how it treats them.
 * Immutable; build with {@link #builder()}, validated on {@link Builder#build()}.
 *
 * <table>
 * <caption>Settings</caption>
 * <tr><th>setting</th><th>default</th><th>meaning</th></tr>
 * <tr><td>{@code failureStatuses}</td><td>500, 502, 503, 504, 429</td><td>status codes thrown as
 * {@link HttpStatusException} so that retry and circuit breaker see a failure</td></tr>
 * <tr><td>{@code maxRetryAfter}</td><td>60 s</td><td>cap of a server's {@code Retry-After}</td></tr>
 * <tr><td>{@code maxBufferedBody}</td><td>64 KiB</td><td>bytes of a failure response's body kept
 * so the last one can be handed back; the rest is discarded</td></tr>
 * </table>
 */
public final class HttpFailurePolicy {

    /** The status codes counted as failures by default: 500, 502, 503, 504 and 429. */
    public static final Set<Integer> DEFAULT_FAILURE_STATUSES =
            Collections.unmodifiableSet(new TreeSet<>(Arrays.asList(429, 500, 502, 503, 504)));

    /** The default cap of a {@code Retry-After} hint. */
    public static final Duration DEFAULT_MAX_RETRY_AFTER = Duration.ofSeconds(60);

    /** The default number of body bytes kept from a failure response. */
    public static final int DEFAULT_MAX_BUFFERED_BODY = 64 * 1024;

    private static final HttpFailurePolicy DEFAULTS = builder().build();

    private final boolean[] failure = new boolean[600];
    private final Set<Integer> failureStatuses;
    private final Duration maxRetryAfter;
    private final int maxBufferedBody;

    private HttpFailurePolicy(Builder b) {
        this.failureStatuses = Collections.unmodifiableSet(new TreeSet<>(b.failureStatuses));
        for (int status : failureStatuses) {
            failure[status] = true;
        }
        this.maxRetryAfter = b.maxRetryAfter;
        this.maxBufferedBody = b.maxBufferedBody;
    }

    /** The default policy. */
    public static HttpFailurePolicy ofDefaults() {
        return DEFAULTS;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from this policy. */
    public Builder toBuilder() {
        return new Builder()
                .failureStatuses(failureStatuses)
                .maxRetryAfter(maxRetryAfter)
                .maxBufferedBody(maxBufferedBody);
    }

    /** Whether a response with {@code status} counts as a failure. */
    public boolean isFailure(int status) {
        return status >= 0 && status < failure.length && failure[status];
    }

    /** The status codes counted as failures, ascending. */
    public Set<Integer> failureStatuses() {
        return failureStatuses;
    }

    /** The cap of a server's {@code Retry-After} hint. */
    public Duration maxRetryAfter() {
        return maxRetryAfter;
    }

    /** The most bytes of a failure response's body that are kept. */
    public int maxBufferedBody() {
        return maxBufferedBody;
    }

    /** The effective settings by name. */
    public Map<String, Object> describe() {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("failureStatuses", failureStatuses);
        values.put("maxRetryAfter", maxRetryAfter);
        values.put("maxBufferedBody", maxBufferedBody);
        return values;
    }

    @Override
    public String toString() {
        return "HttpFailurePolicy" + describe();
    }

    /** Builds an {@link HttpFailurePolicy}. */
    public static final class Builder {
        private final Set<Integer> failureStatuses = new TreeSet<>(DEFAULT_FAILURE_STATUSES);
        private Duration maxRetryAfter = DEFAULT_MAX_RETRY_AFTER;
        private int maxBufferedBody = DEFAULT_MAX_BUFFERED_BODY;

        private Builder() {}

        /** Replaces the failure status codes (each in 100..599); an empty set counts no status. */
        public Builder failureStatuses(Collection<Integer> statuses) {
            Objects.requireNonNull(statuses, "failureStatuses");
            Set<Integer> checked = new TreeSet<>();
            for (Integer status : statuses) {
                checked.add(checkStatus(status));
            }
            failureStatuses.clear();
            failureStatuses.addAll(checked);
            return this;
        }

        /** Replaces the failure status codes (each in 100..599). */
        public Builder failureStatuses(int... statuses) {
            Objects.requireNonNull(statuses, "failureStatuses");
            Set<Integer> list = new TreeSet<>();
            for (int status : statuses) {
                list.add(status);
            }
            return failureStatuses(list);
        }

        /** Adds failure status codes to the current set, e.g. {@code 408}. */
        public Builder addFailureStatuses(int... statuses) {
            Objects.requireNonNull(statuses, "failureStatuses");
            for (int status : statuses) {
                failureStatuses.add(checkStatus(status));
            }
            return this;
        }

        /** The cap of a server's {@code Retry-After} hint; not negative. */
        public Builder maxRetryAfter(Duration maxRetryAfter) {
            Objects.requireNonNull(maxRetryAfter, "maxRetryAfter");
            if (maxRetryAfter.isNegative()) {
                throw new IllegalArgumentException("maxRetryAfter must be >= 0 but was " + maxRetryAfter);
            }
            this.maxRetryAfter = maxRetryAfter;
            return this;
        }

        /** The most bytes of a failure response's body that are kept; not negative. */
        public Builder maxBufferedBody(int bytes) {
            if (bytes < 0) {
                throw new IllegalArgumentException("maxBufferedBody must be >= 0 but was " + bytes);
            }
            this.maxBufferedBody = bytes;
            return this;
        }

        public HttpFailurePolicy build() {
            return new HttpFailurePolicy(this);
        }

        private static int checkStatus(Integer status) {
            if (status == null || status < 100 || status > 599) {
                throw new IllegalArgumentException(
                        "failureStatuses must be HTTP status codes in 100..599 but contained " + status);
            }
            return status;
        }
    }
}
