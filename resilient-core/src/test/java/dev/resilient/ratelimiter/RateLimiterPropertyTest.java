package dev.resilient.ratelimiter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resilient.time.ManualTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * For arbitrary sequences of time advances, immediate acquires, reservations (with waiting) and
 * Retry-After blocks, the permits each strategy hands out never break its guarantee. A permit's
 * time is the moment it may be used: now for an immediate acquire, now plus the wait for a
 * reservation.
 */
class RateLimiterPropertyTest {

    record Action(int kind, long advance, int permits, long retryAfter) {}

    record Scenario(RateLimitStrategy strategy, int limit, long period, long maxWait, List<Action> actions) {}

    @Provide
    Arbitrary<Scenario> scenarios() {
        return Combinators.combine(
                        Arbitraries.of(RateLimitStrategy.class),
                        Arbitraries.integers().between(1, 6),
                        Arbitraries.longs().between(1, 1_000))
                .flatAs((strategy, limit, period) -> Combinators.combine(
                                Arbitraries.longs().between(0, 3 * period),
                                actions(limit, period).list().ofMaxSize(80))
                        .as((maxWait, actions) -> new Scenario(strategy, limit, period, maxWait, actions)));
    }

    private Arbitrary<Action> actions(int limit, long period) {
        return Combinators.combine(
                        Arbitraries.integers().between(0, 9),
                        Arbitraries.oneOf(
                                Arbitraries.just(0L), Arbitraries.longs().between(0, 2 * period)),
                        Arbitraries.integers().between(1, limit),
                        Arbitraries.longs().between(-period, 3 * period))
                .as(Action::new);
    }

    @Property(tries = 1500)
    void neverMoreThanTheStrategyAllowsInAnyWindow(@ForAll("scenarios") Scenario scenario) {
        ManualTime time = new ManualTime();
        RateLimiter limiter = RateLimiter.of(
                "p",
                RateLimiterConfig.builder()
                        .limit(scenario.limit())
                        .period(Duration.ofNanos(scenario.period()))
                        .strategy(scenario.strategy())
                        .maxWait(Duration.ofNanos(scenario.maxWait()))
                        .maxRetryAfter(Duration.ofNanos(5 * scenario.period()))
                        .build(),
                time);
        List<Long> grants = new ArrayList<>();
        for (Action action : scenario.actions()) {
            time.advanceNanos(action.advance());
            long now = time.nanoTime();
            if (action.kind() < 4) {
                if (limiter.tryAcquire(action.permits())) {
                    addGrants(grants, now, action.permits());
                }
            } else if (action.kind() < 8) {
                long wait = limiter.reservePermission(action.permits());
                if (wait >= 0) {
                    assertThat(wait).isLessThanOrEqualTo(scenario.maxWait());
                    addGrants(grants, now + wait, action.permits());
                } else {
                    assertThat(wait).isEqualTo(RateLimiter.NOT_PERMITTED);
                }
            } else {
                limiter.onRetryAfter(Duration.ofNanos(action.retryAfter()));
            }
            assertThat(limiter.availablePermits()).isBetween(0, scenario.limit());
            assertThat(limiter.nanosUntilPermit()).isNotNegative();
        }
        grants.sort(null);
        int limit = scenario.limit();
        long period = scenario.period();
        int maxInAnyPeriod = maxInWindow(grants, period);
        switch (scenario.strategy()) {
            case SLIDING_WINDOW -> assertThat(maxInAnyPeriod).isLessThanOrEqualTo(limit);
            case FIXED_WINDOW -> {
                assertThat(maxPerAlignedWindow(grants, period)).isLessThanOrEqualTo(limit);
                assertThat(maxInAnyPeriod).isLessThanOrEqualTo(2 * limit);
            }
            case TOKEN_BUCKET -> {
                // a full bucket (limit) plus the tokens refilled meanwhile, one per interval
                long interval = Math.max(1, (period + limit - 1) / limit);
                long refills = (period + interval - 1) / interval - 1;
                assertThat((long) maxInAnyPeriod).isLessThanOrEqualTo(limit + refills);
                assertThat(maxInAnyPeriod).isLessThan(2 * limit);
                // and over a short window, never more than the bucket holds
                assertThat(maxInWindow(grants, interval)).isLessThanOrEqualTo(limit);
            }
        }
    }

    private static void addGrants(List<Long> grants, long at, int permits) {
        for (int i = 0; i < permits; i++) {
            grants.add(at);
        }
    }

    /** The most grants in any half-open window (x - length, x]. */
    private static int maxInWindow(List<Long> sortedGrants, long length) {
        int max = 0;
        int start = 0;
        for (int end = 0; end < sortedGrants.size(); end++) {
            while (sortedGrants.get(start) <= sortedGrants.get(end) - length) {
                start++;
            }
            max = Math.max(max, end - start + 1);
        }
        return max;
    }

    private static int maxPerAlignedWindow(List<Long> sortedGrants, long period) {
        int max = 0;
        int count = 0;
        long window = Long.MIN_VALUE;
        for (long grant : sortedGrants) {
            long index = grant / period;
            count = index == window ? count + 1 : 1;
            window = index;
            max = Math.max(max, count);
        }
        return max;
    }
}
