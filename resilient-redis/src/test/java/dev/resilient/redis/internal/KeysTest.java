package dev.resilient.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.cluster.SlotHash;
import org.junit.jupiter.api.Test;

class KeysTest {

    @Test
    void theInstanceNameIsTheHashTagAndBracesElsewhereAreRemoved() {
        Keys keys = new Keys("resilient:{orders}:");
        assertThat(keys.prefix()).isEqualTo("resilient:orders:");
        assertThat(keys.of("Partner.{call}", "tb")).isEqualTo("resilient:orders:{Partner.call}:tb");
        assertThat(SlotHash.getSlot(keys.of("a", "sw"))).isEqualTo(SlotHash.getSlot(keys.of("a", "sw:seq")));
    }

    @Test
    void longSuffixesAreHashed() {
        Keys keys = new Keys("p:");
        assertThat(keys.of("i", "fc", "short")).isEqualTo("p:{i}:fc:short");
        String longKey = "x".repeat(201);
        assertThat(keys.of("i", "fc", longKey))
                .startsWith("p:{i}:fc:sha256:")
                .hasSize("p:{i}:fc:sha256:".length() + 64)
                .isEqualTo(keys.of("i", "fc", "x".repeat(201)));
        assertThat(keys.of("i", "fc", "x".repeat(200))).endsWith(":" + "x".repeat(200));
    }

    @Test
    void aPerKeyLimitsTagHoldsTheNameAndTheKeySoKeysSpreadOverSlots() {
        Keys keys = new Keys("p:");
        assertThat(keys.of(keys.perKey("api", "tenant-a"), "tb")).isEqualTo("p:{api:tenant-a}:tb");
        assertThat(keys.of(keys.perKey("api", "{x}"), "sw")).isEqualTo("p:{api:x}:sw");
        assertThat(SlotHash.getSlot(keys.of(keys.perKey("api", "t"), "sw")))
                .isEqualTo(SlotHash.getSlot(keys.of(keys.perKey("api", "t"), "sw:seq")));
        assertThat(keys.perKey("api", "y".repeat(201)))
                .startsWith("api:sha256:")
                .hasSize("api:sha256:".length() + 64);
    }
}
