package dev.resilient.spring.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resilient.ResilienceRuntime;
import dev.resilient.circuitbreaker.CircuitBreakerConfig;
import dev.resilient.pipeline.PipelineConfig;
import dev.resilient.pipeline.ResiliencePipeline;
import dev.resilient.pipeline.ResilienceRegistry;
import dev.resilient.time.ManualTime;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Many threads, many hosts, a small bound: the per-host instances stay within it and match their hosts. */
class PerHostTargetsStressTest {

    private static final int MAX_HOSTS = 8;

    /** Real core pipelines in a real registry, counting the live per-host instances. */
    static final class CountingPipelines implements HttpResiliencePipelines {
        final ResilienceRegistry registry = new ResilienceRegistry(ResilienceRuntime.manual(new ManualTime()));
        final AtomicInteger live = new AtomicInteger();
        final AtomicInteger maxLive = new AtomicInteger();

        @Override
        public ResiliencePipeline pipeline(String profile, String instanceName) {
            int now = live.incrementAndGet();
            maxLive.accumulateAndGet(now, Math::max);
            return registry.pipeline(
                    instanceName,
                    PipelineConfig.builder()
                            .circuitBreaker(CircuitBreakerConfig.ofDefaults())
                            .build());
        }

        @Override
        public void release(String instanceName) {
            if (registry.remove(instanceName).isPresent()) {
                live.decrementAndGet();
            }
        }
    }

    @Test
    void theBoundHoldsUnderContentionAndEveryRequestGetsItsHostsInstance() throws Exception {
        CountingPipelines pipelines = new CountingPipelines();
        HttpTargets targets =
                HttpTargets.perHost(pipelines, "http", "client", HttpFailurePolicy.ofDefaults(), MAX_HOSTS);
        int threads = 8;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        AtomicInteger mismatches = new AtomicInteger();
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            futures.add(pool.submit(() -> {
                start.await();
                for (int i = 0; i < 5_000; i++) {
                    int host = ThreadLocalRandom.current().nextInt(40);
                    URI uri = URI.create("http://h" + host + ".example:8080/x");
                    String name = targets.target(uri).pipeline().name();
                    if (!name.equals("client@h" + host + ".example:8080")) {
                        mismatches.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> future : futures) {
            future.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();

        assertThat(mismatches).hasValue(0);
        assertThat(pipelines.registry.pipelines()).hasSizeLessThanOrEqualTo(MAX_HOSTS);
        assertThat(pipelines.live.get())
                .isEqualTo(pipelines.registry.pipelines().size());
        // a new host is added before the eldest goes, under one lock: never more than one over
        assertThat(pipelines.maxLive.get()).isLessThanOrEqualTo(MAX_HOSTS + 1);
        pipelines.registry.close();
    }

    @Test
    void theAuthorityMakesTheDefaultPortExplicitAndIgnoresCase() {
        assertThat(HttpTargets.authority(URI.create("http://API.example.com/x")))
                .isEqualTo("api.example.com:80");
        assertThat(HttpTargets.authority(URI.create("https://api.example.com/x")))
                .isEqualTo("api.example.com:443");
        assertThat(HttpTargets.authority(URI.create("http://127.0.0.1:8081/"))).isEqualTo("127.0.0.1:8081");
        assertThat(HttpTargets.authority(URI.create("/relative"))).isNull();
    }
}
