package dev.resilient.ratelimiter.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LeastRecentlyUsedTest {

    private final AtomicInteger created = new AtomicInteger();
    private final LeastRecentlyUsed<String> map =
            new LeastRecentlyUsed<>(3, key -> key + "#" + created.incrementAndGet());

    @Test
    void aKeyIsCreatedOnceAndFoundAfterwards() {
        assertThat(map.get("a")).isEqualTo("a#1");
        assertThat(map.get("a")).isEqualTo("a#1");
        assertThat(map.peek("a")).isEqualTo("a#1");
        assertThat(map.peek("b")).isNull();
        assertThat(created).hasValue(1);
        assertThat(map.size()).isEqualTo(1);
    }

    @Test
    void aNewKeyWhenFullEvictsTheLeastRecentlyUsedOne() {
        map.get("a");
        map.get("b");
        map.get("c");
        map.get("a"); // order of use now b, c, a
        map.get("d"); // evicts b
        assertThat(map.peek("b")).isNull();
        assertThat(map.peek("a")).isNotNull();
        assertThat(map.size()).isEqualTo(3);
        assertThat(map.evictions()).isEqualTo(1);
        map.peek("c"); // a peek does not count as a use
        map.get("e"); // evicts c
        assertThat(map.peek("c")).isNull();
        assertThat(map.get("b")).isEqualTo("b#6"); // b comes back as a new value, evicting a
        assertThat(map.peek("a")).isNull();
        assertThat(map.evictions()).isEqualTo(3);
        assertThat(map).hasToString("LeastRecentlyUsed{size=3, maxKeys=3}");
    }

    @Test
    void aBoundBelowOneIsRefused() {
        assertThatThrownBy(() -> new LeastRecentlyUsed<>(0, key -> key))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxKeys must be >= 1 but was 0");
    }
}
