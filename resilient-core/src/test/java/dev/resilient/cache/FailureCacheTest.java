package dev.resilient.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.resilient.testing.TestSteps.Rejected;
import dev.resilient.time.ManualTime;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class FailureCacheTest {

    private final ManualTime time = new ManualTime();

    private FailureCache cache(FailureCacheConfig.Builder config) {
        return new FailureCache(config.build(), time);
    }

    @Test
    void remembersAFailureUntilTheTtlRunsOutOnTheManualClock() {
        FailureCache cache = cache(FailureCacheConfig.builder().ttl(Duration.ofSeconds(10)));
        IOException failure = new IOException("down");
        cache.remember("k", failure);

        assertThat(cache.failureFor("k")).isSameAs(failure);
        assertThat(cache.remaining("k")).isEqualTo(Duration.ofSeconds(10));
        time.advance(Duration.ofSeconds(4));
        assertThat(cache.remaining("k")).isEqualTo(Duration.ofSeconds(6));
        time.advance(Duration.ofMillis(5_999));
        assertThat(cache.failureFor("k")).isSameAs(failure);
        time.advance(Duration.ofMillis(1));
        assertThat(cache.failureFor("k")).isNull();
        assertThat(cache.remaining("k")).isEqualTo(Duration.ZERO);
        cache.cleanUp();
        assertThat(cache.size()).isZero();
    }

    @Test
    void rememberingAgainRestartsTheTtl() {
        FailureCache cache = cache(FailureCacheConfig.builder().ttl(Duration.ofSeconds(10)));
        cache.remember("k", new IOException("first"));
        time.advance(Duration.ofSeconds(8));
        IOException second = new IOException("second");
        cache.remember("k", second);
        time.advance(Duration.ofSeconds(8));
        assertThat(cache.failureFor("k")).isSameAs(second);
    }

    @Test
    void invalidateForgetsOneKeyAndInvalidateAllEveryKey() {
        FailureCache cache = cache(FailureCacheConfig.builder());
        cache.remember("a", new IOException());
        cache.remember("b", new IOException());
        cache.remember(null, new IOException());
        assertThat(cache.size()).isEqualTo(3);
        cache.invalidate("a");
        assertThat(cache.failureFor("a")).isNull();
        assertThat(cache.failureFor("b")).isNotNull();
        assertThat(cache.failureFor(null)).isNotNull();
        cache.invalidateAll();
        assertThat(cache.size()).isZero();
    }

    @Test
    void theDefaultKeyComparesArgumentsByValueAndNullArgumentsShareOneKey() {
        FailureCache cache = cache(FailureCacheConfig.builder());
        Object[] args = {"user", 42, new int[] {1, 2}};
        Object key = cache.keyFor(args);
        assertThat(cache.keyFor(new Object[] {"user", 42, new int[] {1, 2}}))
                .isEqualTo(key)
                .hasSameHashCodeAs(key);
        assertThat(cache.keyFor(new Object[] {"user", 43, new int[] {1, 2}})).isNotEqualTo(key);
        assertThat(cache.keyFor(null)).isEqualTo(cache.keyFor(new Object[0]));
        assertThat(key.toString()).isEqualTo("[user, 42, [1, 2]]");
        args[1] = 7;
        assertThat(cache.keyFor(new Object[] {"user", 42, new int[] {1, 2}})).isEqualTo(key);
    }

    @Test
    void aCustomKeyFunctionMayReturnNullForOneSharedKey() {
        FailureCache cache = cache(FailureCacheConfig.builder().keyFunction(args -> args == null ? null : args[0]));
        cache.remember(cache.keyFor(new Object[] {"tenant-1", "x"}), new IOException());
        assertThat(cache.failureFor(cache.keyFor(new Object[] {"tenant-1", "y"})))
                .isNotNull();
        cache.remember(cache.keyFor(null), new IOException());
        assertThat(cache.failureFor(null)).isNotNull();
    }

    @Test
    void staysBoundedWhateverTheNumberOfKeys() {
        FailureCache cache = cache(FailureCacheConfig.builder().maxKeys(1_000).ttl(Duration.ofHours(1)));
        IOException failure = new IOException("down");
        for (int i = 0; i < 100_000; i++) {
            cache.remember(i, failure);
        }
        cache.cleanUp();
        assertThat(cache.size()).isLessThanOrEqualTo(1_000).isPositive();
    }

    @Test
    void remembersOnlyTheConfiguredFailuresAndNeverRejections() {
        FailureCacheConfig defaults = FailureCacheConfig.ofDefaults();
        assertThat(defaults.remembers(new IOException())).isTrue();
        assertThat(defaults.remembers(new Rejected())).isFalse();
        assertThat(defaults.remembers(new AssertionError())).isFalse();
        FailureCacheConfig io =
                FailureCacheConfig.builder().rememberOn(IOException.class).build();
        assertThat(io.remembers(new IllegalStateException())).isFalse();
    }

    @Test
    void defaultsAndValidation() {
        FailureCacheConfig defaults = FailureCacheConfig.ofDefaults();
        assertThat(defaults.ttl()).isEqualTo(Duration.ofMinutes(1));
        assertThat(defaults.maxKeys()).isEqualTo(10_000);
        assertThat(defaults.toString())
                .contains("ttl=PT1M")
                .contains("maxKeys=10000")
                .contains("arguments");
        assertThatThrownBy(() -> FailureCacheConfig.builder().ttl(Duration.ZERO).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ttl must be > 0 but was PT0S");
        assertThatThrownBy(() -> FailureCacheConfig.builder().ttl(null).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ttl");
        assertThatThrownBy(() -> FailureCacheConfig.builder().maxKeys(0).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxKeys must be >= 1 but was 0");
        assertThatThrownBy(() -> FailureCacheConfig.builder().keyFunction(null).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("keyFunction");
        assertThatThrownBy(() -> FailureCacheConfig.builder().rememberOn().build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("rememberOn");
    }

    @Test
    void aHugeTtlDoesNotOverflow() {
        FailureCache cache = cache(FailureCacheConfig.builder().ttl(Duration.ofDays(365L * 10_000)));
        cache.remember("k", new IOException());
        time.advance(Duration.ofDays(365));
        assertThat(cache.failureFor("k")).isNotNull();
    }
}
