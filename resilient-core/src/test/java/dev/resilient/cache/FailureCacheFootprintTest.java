package dev.resilient.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resilient.time.ManualTime;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Measures the heap a full failure cache retains (the numbers in docs/failure-cache.md): used heap
 * after full GCs, before and after filling a cache of 10,000 keys. The keys and failures are made
 * and held beforehand, so the first figure is what the cache itself adds; the second counts one new
 * exception (with its stack trace) per key as well, as when every call fails with its own exception.
 */
class FailureCacheFootprintTest {

    private static final int KEYS = 10_000;

    @Test
    void tenThousandKeysCostAboutOneHundredBytesEachPlusWhatTheKeysAndFailuresHold() {
        ManualTime time = new ManualTime();
        List<String> keys = new ArrayList<>(KEYS);
        for (int i = 0; i < KEYS; i++) {
            keys.add("customer-" + i);
        }
        IOException shared = new IOException("down");

        long before = usedHeapAfterGc();
        FailureCache cache =
                new FailureCache(FailureCacheConfig.builder().maxKeys(KEYS).build(), time);
        for (String key : keys) {
            cache.remember(key, shared);
        }
        long structure = usedHeapAfterGc() - before;
        assertThat(cache.size()).isEqualTo(KEYS);

        cache.invalidateAll();
        long emptied = usedHeapAfterGc();
        for (int i = 0; i < KEYS; i++) {
            cache.remember("order-" + i, new IOException("order " + i + " failed"));
        }
        long withFailures = usedHeapAfterGc() - emptied;

        System.out.printf(
                "failure cache, %d keys, Java %s: %d bytes retained by the cache (%d per key); "
                        + "with a new key string and exception per key: %d bytes (%d per key)%n",
                KEYS,
                System.getProperty("java.version"),
                structure,
                structure / KEYS,
                withFailures,
                withFailures / KEYS);
        assertThat(cache.size()).isEqualTo(KEYS);
        // generous bounds: the measured figures are ~100 and ~1,000 bytes per key
        assertThat(structure / KEYS).isBetween(40L, 400L);
        assertThat(withFailures / KEYS).isLessThan(4_000L);
        keys.clear();
    }

    private static long usedHeapAfterGc() {
        var memory = ManagementFactory.getMemoryMXBean();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}
