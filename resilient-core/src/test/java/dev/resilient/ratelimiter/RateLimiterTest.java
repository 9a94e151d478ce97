package dev.resilient.ratelimiter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.resilient.time.ManualTime;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class RateLimiterTest {

    private final ManualTime time = new ManualTime();

    private RateLimiter limiter(int limit, Duration period, RateLimitStrategy strategy, Duration maxWait) {
        return RateLimiter.of(
                "api",
                RateLimiterConfig.builder()
                        .limit(limit)
                        .period(period)
                        .strategy(strategy)
                        .maxWait(maxWait)
                        .maxRetryAfter(Duration.ofMinutes(1))
                        .build(),
                time);
    }

    @Test
    void configValidationNamesTheFieldAndTheValue() {
        assertThatThrownBy(() -> RateLimiterConfig.builder().limit(0).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("limit must be >= 1 but was 0");
        assertThatThrownBy(
                        () -> RateLimiterConfig.builder().period(Duration.ZERO).build())
                .hasMessage("period must be > 0 but was PT0S");
        assertThatThrownBy(() -> RateLimiterConfig.builder().period(null).build())
                .hasMessage("period must be > 0 but was null");
        assertThatThrownBy(() ->
                        RateLimiterConfig.builder().period(Duration.ofDays(400)).build())
                .hasMessage("period must be <= PT8760H but was PT9600H");
        assertThatThrownBy(() -> RateLimiterConfig.builder().strategy(null).build())
                .hasMessage("strategy must not be null");
        assertThatThrownBy(() -> RateLimiterConfig.builder()
                        .maxWait(Duration.ofMillis(-1))
                        .build())
                .hasMessage("maxWait must be >= 0 but was PT-0.001S");
        assertThatThrownBy(() -> RateLimiterConfig.builder().maxRetryAfter(null).build())
                .hasMessage("maxRetryAfter must be >= 0 but was null");
    }

    @Test
    void defaultsAndCopies() {
        RateLimiterConfig defaults = RateLimiterConfig.ofDefaults();
        assertThat(defaults.limit()).isEqualTo(100);
        assertThat(defaults.period()).isEqualTo(Duration.ofSeconds(1));
        assertThat(defaults.strategy()).isEqualTo(RateLimitStrategy.TOKEN_BUCKET);
        assertThat(defaults.maxWait()).isZero();
        assertThat(defaults.toBuilder().build()).isEqualTo(defaults).hasSameHashCodeAs(defaults);
        assertThat(defaults.toString()).contains("limit=100", "TOKEN_BUCKET");
    }

    @Test
    void tokenBucketBurstsThenRefillsOneTokenPerInterval() {
        RateLimiter limiter = limiter(3, Duration.ofSeconds(1), RateLimitStrategy.TOKEN_BUCKET, Duration.ZERO);
        assertThat(limiter.availablePermits()).isEqualTo(3);
        assertThat(limiter.tryAcquire(2)).isTrue();
        assertThat(limiter.tryAcquire()).isTrue();
        assertThat(limiter.tryAcquire()).isFalse();
        assertThat(limiter.availablePermits()).isZero();
        assertThat(limiter.nanosUntilPermit()).isEqualTo(333_333_334L);
        time.advanceNanos(333_333_333L);
        assertThat(limiter.tryAcquire()).isFalse();
        time.advanceNanos(1);
        assertThat(limiter.tryAcquire()).isTrue();
        time.advance(Duration.ofSeconds(10));
        assertThat(limiter.availablePermits()).isEqualTo(3);
        assertThat(limiter.grantedPermits()).isEqualTo(4);
        assertThat(limiter.rejectedRequests()).isEqualTo(2);
    }

    @Test
    void slidingWindowNeverLetsMoreThanTheLimitIntoAnyWindow() {
        RateLimiter limiter = limiter(2, Duration.ofSeconds(1), RateLimitStrategy.SLIDING_WINDOW, Duration.ZERO);
        assertThat(limiter.tryAcquire()).isTrue();
        time.advance(Duration.ofMillis(500));
        assertThat(limiter.tryAcquire()).isTrue();
        time.advance(Duration.ofMillis(499));
        assertThat(limiter.tryAcquire()).isFalse();
        assertThat(limiter.nanosUntilPermit()).isEqualTo(Duration.ofMillis(1).toNanos());
        time.advance(Duration.ofMillis(1));
        assertThat(limiter.availablePermits()).isEqualTo(1);
        assertThat(limiter.tryAcquire()).isTrue();
        assertThat(limiter.tryAcquire()).isFalse();
        assertThat(limiter.nanosUntilPermit()).isEqualTo(Duration.ofMillis(500).toNanos());
        time.advance(Duration.ofSeconds(5));
        assertThat(limiter.availablePermits()).isEqualTo(2);
        assertThat(limiter.tryAcquire(2)).isTrue();
    }

    @Test
    void fixedWindowResetsAtEachBoundary() {
        RateLimiter limiter = limiter(2, Duration.ofSeconds(1), RateLimitStrategy.FIXED_WINDOW, Duration.ZERO);
        time.advance(Duration.ofMillis(900));
        assertThat(limiter.tryAcquire(2)).isTrue();
        assertThat(limiter.tryAcquire()).isFalse();
        assertThat(limiter.nanosUntilPermit()).isEqualTo(Duration.ofMillis(100).toNanos());
        time.advance(Duration.ofMillis(100));
        assertThat(limiter.availablePermits()).isEqualTo(2);
        assertThat(limiter.tryAcquire()).isTrue();
        assertThat(limiter.availablePermits()).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(RateLimitStrategy.class)
    void reservationsWaitInLineUpToTheMaximum(RateLimitStrategy strategy) {
        RateLimiter limiter = limiter(1, Duration.ofSeconds(1), strategy, Duration.ofSeconds(2));
        assertThat(limiter.reservePermission()).isZero();
        assertThat(limiter.reservePermission()).isEqualTo(Duration.ofSeconds(1).toNanos());
        assertThat(limiter.reservePermission()).isEqualTo(Duration.ofSeconds(2).toNanos());
        assertThat(limiter.reservePermission()).isEqualTo(RateLimiter.NOT_PERMITTED);
        // a reserved permit is not handed to a later caller
        time.advance(Duration.ofMillis(1500));
        assertThat(limiter.tryAcquire()).isFalse();
        assertThat(limiter.availablePermits()).isZero();
        assertThat(limiter.nanosUntilPermit()).isEqualTo(Duration.ofMillis(1500).toNanos());
    }

    @ParameterizedTest
    @EnumSource(RateLimitStrategy.class)
    void retryAfterBlocksEveryPermitUntilItPasses(RateLimitStrategy strategy) {
        RateLimiter limiter = limiter(5, Duration.ofSeconds(1), strategy, Duration.ZERO);
        limiter.onRetryAfter(Duration.ofSeconds(5));
        assertThat(limiter.tryAcquire()).isFalse();
        assertThat(limiter.availablePermits()).isZero();
        assertThat(limiter.nanosUntilPermit()).isEqualTo(Duration.ofSeconds(5).toNanos());
        limiter.onRetryAfter(Duration.ofSeconds(1)); // a shorter hint does not shorten the block
        limiter.onRetryAfter(Duration.ofSeconds(-3));
        limiter.onRetryAfter(null);
        time.advance(Duration.ofMillis(4999));
        assertThat(limiter.tryAcquire()).isFalse();
        time.advance(Duration.ofMillis(1));
        assertThat(limiter.tryAcquire()).isTrue();
    }

    @Test
    void retryAfterIsCappedAndWaitingCallersLineUpBehindIt() {
        RateLimiter limiter = limiter(2, Duration.ofSeconds(1), RateLimitStrategy.TOKEN_BUCKET, Duration.ofMinutes(2));
        limiter.onRetryAfter(Duration.ofDays(3));
        assertThat(limiter.nanosUntilPermit()).isEqualTo(Duration.ofMinutes(1).toNanos());
        assertThat(limiter.reservePermission()).isEqualTo(Duration.ofMinutes(1).toNanos());
    }

    @Test
    void permitsOutsideOneToLimitAreRejectedAsAnArgumentError() {
        RateLimiter limiter = limiter(3, Duration.ofSeconds(1), RateLimitStrategy.TOKEN_BUCKET, Duration.ZERO);
        assertThatThrownBy(() -> limiter.tryAcquire(4))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("permits must be between 1 and the limit 3 but was 4");
        assertThatThrownBy(() -> limiter.reservePermission(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void exceptionCarriesTheWaitAndMayBeRetried() {
        RateLimitedException e = new RateLimitedException("api", Duration.ofMillis(250));
        assertThat(e.instance()).isEqualTo("api");
        assertThat(e.retryAfter()).isEqualTo(Duration.ofMillis(250));
        assertThat(e.retryable()).isTrue();
        assertThat(e).hasMessage("Rate limit of 'api' exceeded; next permit in 250 ms");
        assertThat(e.getStackTrace()).isEmpty();
    }
}
