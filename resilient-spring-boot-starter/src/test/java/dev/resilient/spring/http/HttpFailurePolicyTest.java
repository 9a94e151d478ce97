package dev.resilient.spring.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.resilient.RetryAfterAware;
import dev.resilient.retry.RetryExhaustedException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class HttpFailurePolicyTest {

    @Test
    void defaultsCountServerErrorsRequestTimeoutsAndTooManyRequests() {
        HttpFailurePolicy policy = HttpFailurePolicy.ofDefaults();

        // 408, 429 and 500-599, as the http preset's retry-on-status (was 429, 500, 502, 503, 504)
        assertThat(policy.failureStatuses())
                .startsWith(408, 429, 500)
                .endsWith(599)
                .hasSize(102);
        assertThat(policy.isFailure(503)).isTrue();
        assertThat(policy.isFailure(429)).isTrue();
        assertThat(policy.isFailure(501)).isTrue();
        assertThat(policy.isFailure(408)).isTrue();
        assertThat(policy.isFailure(404)).isFalse();
        assertThat(policy.isFailure(400)).isFalse();
        assertThat(policy.isFailure(200)).isFalse();
        assertThat(policy.isFailure(-1)).isFalse();
        assertThat(policy.isFailure(999)).isFalse();
        assertThat(policy.maxRetryAfter()).isEqualTo(Duration.ofSeconds(60));
        assertThat(policy.maxBufferedBody()).isEqualTo(64 * 1024);
    }

    @Test
    void statusesCanBeReplacedOrExtended() {
        HttpFailurePolicy policy = HttpFailurePolicy.builder()
                .failureStatuses(503)
                .addFailureStatuses(408)
                .build();
        assertThat(policy.failureStatuses()).containsExactly(408, 503);

        HttpFailurePolicy only =
                HttpFailurePolicy.builder().failureStatuses(List.of(503)).build();
        assertThat(only.failureStatuses()).containsExactly(503);
        assertThat(only.isFailure(500)).isFalse();

        assertThat(HttpFailurePolicy.builder().failureStatuses().build().failureStatuses())
                .isEmpty();
    }

    @Test
    void onlyIdempotentMethodsAreSafeToRetryByDefault() {
        HttpFailurePolicy policy = HttpFailurePolicy.ofDefaults();
        for (String method : List.of("GET", "HEAD", "OPTIONS", "PUT", "DELETE", "TRACE", "get")) {
            assertThat(policy.isSafeToRetry(method, header -> false)).as(method).isTrue();
        }
        for (String method : List.of("POST", "PATCH", "CONNECT", "PROPFIND")) {
            assertThat(policy.isSafeToRetry(method, header -> false)).as(method).isFalse();
        }
        assertThat(policy.retryUnsafeMethods()).isFalse();
        assertThat(policy.idempotencyKeyHeader()).isEqualTo("Idempotency-Key");
    }

    @Test
    void anIdempotencyKeyOrTheOptInMakesAnyRequestSafeToRetry() {
        HttpFailurePolicy policy = HttpFailurePolicy.ofDefaults();
        assertThat(policy.isSafeToRetry("POST", "Idempotency-Key"::equals)).isTrue();

        HttpFailurePolicy optIn =
                HttpFailurePolicy.builder().retryUnsafeMethods(true).build();
        assertThat(optIn.isSafeToRetry("POST", header -> false)).isTrue();
        assertThat(optIn.isSafeToRetry("PATCH", header -> false)).isTrue();

        HttpFailurePolicy ownHeader =
                HttpFailurePolicy.builder().idempotencyKeyHeader("X-Request-Id").build();
        assertThat(ownHeader.isSafeToRetry("POST", "X-Request-Id"::equals)).isTrue();
        assertThat(ownHeader.isSafeToRetry("POST", "Idempotency-Key"::equals)).isFalse();

        HttpFailurePolicy noHeader =
                HttpFailurePolicy.builder().idempotencyKeyHeader(null).build();
        assertThat(noHeader.isSafeToRetry("POST", header -> true)).isFalse();
        assertThat(noHeader.describe()).containsEntry("retryUnsafeMethods", false);

        assertThatThrownBy(() -> HttpFailurePolicy.builder().idempotencyKeyHeader("Bad Header"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("idempotencyKeyHeader must be an HTTP header name but was 'Bad Header'");
    }

    @Test
    void badValuesNameTheFieldAndTheValue() {
        assertThatThrownBy(() -> HttpFailurePolicy.builder().failureStatuses(503, 99))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("failureStatuses")
                .hasMessageContaining("99");
        assertThatThrownBy(() -> HttpFailurePolicy.builder().addFailureStatuses(600))
                .hasMessageContaining("failureStatuses")
                .hasMessageContaining("600");
        assertThatThrownBy(() -> HttpFailurePolicy.builder().maxRetryAfter(Duration.ofSeconds(-1)))
                .hasMessage("maxRetryAfter must be >= 0 but was PT-1S");
        assertThatThrownBy(() -> HttpFailurePolicy.builder().maxBufferedBody(-1))
                .hasMessage("maxBufferedBody must be >= 0 but was -1");
    }

    @Test
    void describeShowsTheEffectiveSettings() {
        assertThat(HttpFailurePolicy.ofDefaults().describe())
                .containsEntry("maxRetryAfter", Duration.ofSeconds(60))
                .containsKey("failureStatuses");
    }

    @Test
    void statusExceptionNeverShowsQueryFragmentOrUserInfo() {
        URI uri = URI.create("https://user:secret@api.example.com:8443/v1/pay?token=abc&key=xyz#frag");

        HttpStatusException failure = new HttpStatusException(503, "POST", uri, Duration.ofSeconds(2));

        assertThat(failure.uri()).isEqualTo("https://api.example.com:8443/v1/pay");
        assertThat(failure.getMessage())
                .isEqualTo("HTTP 503 from POST https://api.example.com:8443/v1/pay")
                .doesNotContain("secret", "token", "abc", "xyz", "frag", "user");
        assertThat(failure.statusCode()).isEqualTo(503);
        assertThat(failure.method()).isEqualTo("POST");
        assertThat(failure).isInstanceOf(RetryAfterAware.class).isInstanceOf(RuntimeException.class);
        assertThat(failure.retryAfter()).isEqualTo(Duration.ofSeconds(2));
        assertThat(failure.getStackTrace()).isEmpty();
    }

    @Test
    void safeUriKeepsSchemeHostPortAndPath() {
        assertThat(HttpStatusException.safeUri(URI.create("http://h/a/b?q=1"))).isEqualTo("http://h/a/b");
        assertThat(HttpStatusException.safeUri(URI.create("/relative?x=1"))).isEqualTo("/relative");
        assertThat(HttpStatusException.safeUri(null)).isEmpty();
    }

    @Test
    void aNegativeRetryAfterIsNoHint() {
        assertThat(new HttpStatusException(429, "GET", URI.create("http://h/"), Duration.ofSeconds(-5)).retryAfter())
                .isNull();
    }

    @Test
    void findsTheStatusFailureDirectlyOrBehindAnExhaustedRetry() {
        HttpStatusException status = new HttpStatusException(500, "GET", URI.create("http://h/"), null);

        assertThat(HttpStatusException.of(status)).isSameAs(status);
        assertThat(HttpStatusException.of(new RetryExhaustedException("x", 3, status, List.of())))
                .isSameAs(status);
        assertThat(HttpStatusException.of(new RetryExhaustedException("x", 3, new IllegalStateException(), List.of())))
                .isNull();
        assertThat(HttpStatusException.of(new IllegalStateException(status))).isNull();
    }
}
