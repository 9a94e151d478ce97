package dev.resilient.spring.http;

import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * Which HTTP responses an HTTP client integration counts as failures, and how it treats them.
 * Immutable; build with {@link #builder()}, validated on {@link Builder#build()}.
 *
 * <table>
 * <caption>Settings</caption>
 * <tr><th>setting</th><th>default</th><th>meaning</th></tr>
 * <tr><td>{@code failureStatuses}</td><td>408, 429, 500-599</td><td>status codes thrown as
 * {@link HttpStatusException} so that retry and circuit breaker see a failure</td></tr>
 * <tr><td>{@code retryUnsafeMethods}</td><td>false</td><td>whether requests whose method is not
 * idempotent ({@code POST}, {@code PATCH}, any other method than GET, HEAD, OPTIONS, PUT, DELETE
 * and TRACE) are retried too</td></tr>
 * <tr><td>{@code idempotencyKeyHeader}</td><td>{@code Idempotency-Key}</td><td>a request carrying
 * this header is retried whatever its method; {@code null} turns that off</td></tr>
 * <tr><td>{@code maxRetryAfter}</td><td>60 s</td><td>cap of a server's {@code Retry-After}</td></tr>
 * <tr><td>{@code maxBufferedBody}</td><td>64 KiB</td><td>bytes of a failure response's body kept
 * so the last one can be handed back; the rest is discarded</td></tr>
 * </table>
 */
public final class HttpFailurePolicy {

    /** The status codes counted as failures by default: 408, 429 and 500-599. */
    public static final Set<Integer> DEFAULT_FAILURE_STATUSES = defaultFailureStatuses();

    /** The methods retried by default: the idempotent ones of RFC 9110. */
    public static final Set<String> IDEMPOTENT_METHODS = Collections.unmodifiableSet(
            new TreeSet<>(Arrays.asList("DELETE", "GET", "HEAD", "OPTIONS", "PUT", "TRACE")));

    /** The default {@link #idempotencyKeyHeader()}. */
    public static final String DEFAULT_IDEMPOTENCY_KEY_HEADER = "Idempotency-Key";

    /** The default cap of a {@code Retry-After} hint. */
    public static final Duration DEFAULT_MAX_RETRY_AFTER = Duration.ofSeconds(60);

    /** The default number of body bytes kept from a failure response. */
    public static final int DEFAULT_MAX_BUFFERED_BODY = 64 * 1024;

    private static final HttpFailurePolicy DEFAULTS = builder().build();

    private final boolean[] failure = new boolean[600];
    private final Set<Integer> failureStatuses;
    private final Duration maxRetryAfter;
    private final int maxBufferedBody;
    private final boolean retryUnsafeMethods;
    private final @Nullable String idempotencyKeyHeader;

    private HttpFailurePolicy(Builder b) {
        this.failureStatuses = Collections.unmodifiableSet(new TreeSet<>(b.failureStatuses));
        for (int status : failureStatuses) {
            failure[status] = true;
        }
        this.maxRetryAfter = b.maxRetryAfter;
        this.maxBufferedBody = b.maxBufferedBody;
        this.retryUnsafeMethods = b.retryUnsafeMethods;
        this.idempotencyKeyHeader = b.idempotencyKeyHeader;
    }

    private static Set<Integer> defaultFailureStatuses() {
        Set<Integer> statuses = new TreeSet<>(Arrays.asList(408, 429));
        for (int status = 500; status <= 599; status++) {
            statuses.add(status);
        }
        return Collections.unmodifiableSet(statuses);
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
                .maxBufferedBody(maxBufferedBody)
                .retryUnsafeMethods(retryUnsafeMethods)
                .idempotencyKeyHeader(idempotencyKeyHeader);
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

    /** Whether requests whose method is not idempotent are retried too. */
    public boolean retryUnsafeMethods() {
        return retryUnsafeMethods;
    }

    /** The header that makes any request safe to retry, or {@code null} when none does. */
    public @Nullable String idempotencyKeyHeader() {
        return idempotencyKeyHeader;
    }

    /**
     * Whether a request may be repeated after a failure that does not prove it never reached the
     * server: its method is idempotent, unsafe methods are opted in, or it carries the
     * {@linkplain #idempotencyKeyHeader() idempotency key header}.
     *
     * @param method the request method, e.g. {@code POST}
     * @param hasHeader tells whether the request has a header of the given name
     */
    public boolean isSafeToRetry(String method, Predicate<String> hasHeader) {
        if (retryUnsafeMethods || (method != null && IDEMPOTENT_METHODS.contains(method.toUpperCase(Locale.ROOT)))) {
            return true;
        }
        return idempotencyKeyHeader != null && hasHeader.test(idempotencyKeyHeader);
    }

    /** The effective settings by name. */
    public Map<String, Object> describe() {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("failureStatuses", failureStatuses);
        values.put("maxRetryAfter", maxRetryAfter);
        values.put("maxBufferedBody", maxBufferedBody);
        values.put("retryUnsafeMethods", retryUnsafeMethods);
        values.put("idempotencyKeyHeader", idempotencyKeyHeader);
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
        private boolean retryUnsafeMethods;
        private @Nullable String idempotencyKeyHeader = DEFAULT_IDEMPOTENCY_KEY_HEADER;

        private Builder() {}

        /** Whether requests whose method is not idempotent (POST, PATCH, ...) are retried too. */
        public Builder retryUnsafeMethods(boolean retryUnsafeMethods) {
            this.retryUnsafeMethods = retryUnsafeMethods;
            return this;
        }

        /** The header that makes any request safe to retry; {@code null} or blank: none does. */
        public Builder idempotencyKeyHeader(@Nullable String header) {
            if (header != null && !header.isBlank() && !header.chars().allMatch(Builder::isTokenChar)) {
                throw new IllegalArgumentException(
                        "idempotencyKeyHeader must be an HTTP header name but was '" + header + "'");
            }
            this.idempotencyKeyHeader = header == null || header.isBlank() ? null : header;
            return this;
        }

        private static boolean isTokenChar(int c) {
            return c > 32 && c < 127 && "()<>@,;:\\\"/[]?={}".indexOf(c) < 0;
        }

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
