package dev.resilient.spring.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.resilient.ResilienceRuntime;
import dev.resilient.cache.FailureCache;
import dev.resilient.cache.FailureCachedException;
import dev.resilient.pipeline.ResilienceRegistry;
import dev.resilient.spring.Resilient;
import dev.resilient.spring.autoconfigure.ResilientAutoConfiguration;
import dev.resilient.time.Clock;
import dev.resilient.time.ManualTime;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * {@code failure-cache.key: "#p0"} under key churn through a real {@code @Resilient} method: 200,000
 * distinct failing keys (20 times {@code max-keys}) keep the cache at {@code max-keys}, and the last
 * thousand are all remembered (their next calls fail fast without running the method). Time is the
 * manual clock. The million-key churn of the cache itself is {@code FailureCacheChurnTest} in core.
 */
class FailureCacheChurnEndToEndTest {

    private static final int CALLS = 200_000;

    private final ManualTime time = new ManualTime();

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class, ResilientAutoConfiguration.class))
            .withBean(Clock.class, () -> this.time)
            .withBean(ResilienceRuntime.class, () -> ResilienceRuntime.manual(this.time))
            .withPropertyValues(
                    "resilient.profiles.lookups.retry.max-attempts=1",
                    "resilient.profiles.lookups.failure-cache.ttl=5m",
                    "resilient.profiles.lookups.failure-cache.key=#p0",
                    "resilient.profiles.lookups.failure-cache.max-keys=10000",
                    "resilient.profiles.lookups.logging.enabled=false")
            .withUserConfiguration(Beans.class);

    @Test
    void twoHundredThousandFailedKeysLeaveTheLastThousandRemembered() {
        this.runner.run(context -> {
            Lookups lookups = context.getBean(Lookups.class);
            for (int i = 0; i < CALLS; i++) {
                try {
                    lookups.find("customer-" + i);
                    throw new AssertionError("customer-" + i + " did not fail");
                } catch (IOException expected) {
                    // the method's own failure: the key was not remembered before
                }
            }
            assertThat(lookups.calls()).isEqualTo(CALLS);
            FailureCache cache = context.getBean(ResilienceRegistry.class)
                    .find("lookups.find")
                    .orElseThrow()
                    .failureCache()
                    .orElseThrow();
            assertThat(cache.size()).isEqualTo(10_000);

            for (int i = CALLS - 1_000; i < CALLS; i++) {
                String key = "customer-" + i;
                assertThatThrownBy(() -> lookups.find(key))
                        .isInstanceOf(FailureCachedException.class)
                        .hasCause(Lookups.DOWN);
            }
            assertThat(lookups.calls()).isEqualTo(CALLS); // none of them ran again
        });
    }

    @Configuration(proxyBeanMethods = false)
    static class Beans {
        @Bean
        Lookups lookups() {
            return new Lookups();
        }
    }

    static class Lookups {
        /** One failure for every call: the test measures the cache, not exception construction. */
        static final IOException DOWN = new IOException("lookup service down");

        private final AtomicLong calls = new AtomicLong();

        @Resilient(profile = "lookups", name = "lookups.find")
        public String find(String customer) throws IOException {
            calls.incrementAndGet();
            throw DOWN;
        }

        public long calls() {
            return calls.get();
        }
    }
}
