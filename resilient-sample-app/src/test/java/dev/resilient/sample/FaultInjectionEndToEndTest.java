package dev.resilient.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import dev.resilient.sample.simulator.DownstreamSimulator;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.lang.management.ThreadMXBean;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;
import org.springframework.web.client.RestClient;

/**
 * Fault injection end to end: {@value #CLIENTS} client threads send a bounded, seeded mix of
 * {@code GET /stock}, {@code GET /shipping} and {@code POST /orders} for {@value #LOAD_SECONDS} s
 * while every simulated downstream service fails at random (500, a stall past every timeout, a
 * connection closed without an answer, 429 and 503 with {@code Retry-After}); in the middle the
 * inventory fails completely for a while. Then the downstream is healed.
 *
 * <p>Checks: no request takes longer than its timeout budget (nothing hangs); every request is
 * answered with 200, by the downstream or by the fallback; the inventory circuit opens and closes
 * again once the downstream is healthy; the live threads and open file descriptors return to where
 * they were; and the counts add up: for every instance the calls are the successes, failures,
 * fallbacks, rejections and ignored calls, the calls are the client's requests that reach it, and
 * the answers by downstream and by fallback the client saw are the instance's successes and
 * fallbacks. A one-line summary of the figures goes to stdout.
 *
 * <p>Own application context ({@link TestPropertySource}, discarded afterwards): the payment timeout
 * is shortened to 600 ms and its circuit's recovery timeout to 2 s (so that payments are attempted
 * throughout the run), and the per-call logging is turned down (thousands of failures).
 */
@DirtiesContext
@TestPropertySource(
        properties = {
            "resilient.profiles.payments.timeout=600ms",
            "resilient.profiles.payments.circuit-breaker.recovery-timeout=2s",
            "logging.level.dev.resilient=error",
        })
class FaultInjectionEndToEndTest extends EndToEndTest {

    static final int CLIENTS = 12;

    static final int LOAD_SECONDS = 45;

    /** Upper bound on the requests of the load phase, whatever the machine's speed. */
    static final int MAX_REQUESTS = 25_000;

    static final long SEED = 20_261_123L;

    /** Share of requests that fail, per service, outside the inventory outage. */
    static final double FAILURE_RATE = 0.3;

    /** A stalled request is held this long: past every per-attempt timeout below. */
    static final long STALL_MS = 1_500;

    /** The Retry-After the simulator sends with 429 and 503 in random mode. */
    static final long RETRY_AFTER_MS = 1_000;

    // Per-attempt timeouts and attempts (application.yml, application-test.yml and this class).
    static final long INVENTORY_BUDGET_MS = 3 * 300 + 2 * RETRY_AFTER_MS; // waits: max(backoff 50 ms, Retry-After)

    static final long SHIPPING_BUDGET_MS = 2 * 300 + RETRY_AFTER_MS;

    static final long PAYMENTS_BUDGET_MS = 3 * 600 + 2 * RETRY_AFTER_MS;

    /** Shipping runs in parallel with the inventory, then the payment. */
    static final long ORDER_BUDGET_MS = Math.max(INVENTORY_BUDGET_MS, SHIPPING_BUDGET_MS) + PAYMENTS_BUDGET_MS;

    /** Scheduling on a small, busy machine; far below the 5 s read timeout of the app's HTTP client. */
    static final long SLACK_MS = 2_000;

    static final List<String> INSTANCES = List.of("inventory.stock", "payments.charge", "shipping.quote");

    @LocalServerPort
    private int port;

    @Autowired
    private DownstreamSimulator simulator;

    private final ThreadMXBean threadBean = ManagementFactory.getThreadMXBean();

    /** The load's own client: a read timeout far above every budget turns a hang into a failed check. */
    private RestClient client;

    private final Tally tally = new Tally();

    @Test
    void randomFaultsUnderConcurrentLoadEveryRequestAnsweredInTimeAndTheCountsAddUp() throws Exception {
        client = RestClient.builder()
                .baseUrl("http://127.0.0.1:" + port)
                .requestFactory(jdkClient())
                .defaultStatusHandler(status -> true, (request, response) -> {})
                .build();

        // Warm-up at full concurrency against a healthy downstream: every pool grows to its working size.
        runLoad(Duration.ofSeconds(3), 600, SEED - 1, new Tally());
        Map<String, Metrics> before = metrics();
        long transitionsBefore = transitions("inventory.stock");
        int threadsBefore = threadBean.getThreadCount();
        long fdsBefore = openFileDescriptors();
        Map<String, Long> fdGroupsBefore = descriptorGroups();
        threadBean.resetPeakThreadCount();

        // The load: random faults everywhere, a complete inventory outage from 15 s to 25 s.
        simulateAll(FAILURE_RATE);
        ScheduledExecutorService phases = Executors.newSingleThreadScheduledExecutor();
        phases.schedule(() -> simulator.configure("inventory", behaviour(1.0, 1)), 15, TimeUnit.SECONDS);
        phases.schedule(() -> simulator.configure("inventory", behaviour(FAILURE_RATE, 1)), 25, TimeUnit.SECONDS);
        long start = System.nanoTime();
        runLoad(Duration.ofSeconds(LOAD_SECONDS), MAX_REQUESTS, SEED, tally);
        long loadMs = (System.nanoTime() - start) / 1_000_000;
        phases.shutdownNow();
        int peakThreads = threadBean.getPeakThreadCount();
        Map<String, DownstreamSimulator.ServiceStatus> injected = simulator.status();

        // Heal the downstream and drive the circuits closed.
        simulate("inventory", Map.of());
        simulate("payments", Map.of());
        simulate("shipping", Map.of());
        Random recovery = new Random(SEED + 1);
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> {
                    send(recovery, tally);
                    for (String instance : List.of("inventory.stock", "payments.charge")) {
                        assertThat(circuitState(instance)).as(instance).isEqualTo("CLOSED");
                    }
                });

        // Nothing hangs on: stalled requests end, idle threads and connections go away.
        await().atMost(Duration.ofSeconds(45))
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> {
                    assertThat(simulator.inFlight())
                            .as("requests in the simulator")
                            .isZero();
                    assertThat(threadBean.getThreadCount())
                            .as("live threads (%d before the load): %s", threadsBefore, threadGroups())
                            .isLessThanOrEqualTo(threadsBefore + 20);
                    assertThat(openFileDescriptors())
                            .as(
                                    "open file descriptors (%d before the load: %s): %s",
                                    fdsBefore, fdGroupsBefore, descriptorGroups())
                            .isLessThanOrEqualTo(fdsBefore + 40);
                });
        int threadsAfter = threadBean.getThreadCount();
        long fdsAfter = openFileDescriptors();
        Map<String, Metrics> after = metrics();
        long transitions = transitions("inventory.stock") - transitionsBefore;

        System.out.println("Fault injection: " + CLIENTS + " client threads, " + loadMs + " ms, " + tally.requests()
                + " requests " + tally.byEndpoint + " + " + (tally.requests() - tally.loadRequests.get())
                + " during recovery; faults injected " + faults(injected) + "; answers " + tally.sources
                + ", fallback reasons " + new TreeMap<>(tally.reasons) + "; slowest ms " + tally.slowest
                + " (budgets stock " + (INVENTORY_BUDGET_MS + SLACK_MS) + ", shipping "
                + (SHIPPING_BUDGET_MS + SLACK_MS)
                + ", orders " + (ORDER_BUDGET_MS + SLACK_MS) + "); instances " + delta(before, after)
                + "; inventory.stock circuit transitions " + transitions + "; threads " + threadsBefore + " -> peak "
                + peakThreads + " -> " + threadsAfter + ", fds " + fdsBefore + " -> " + fdsAfter);

        // Every request answered, by the downstream or by the fallback, within its budget.
        assertThat(tally.problems)
                .as("requests without a 200 answer from downstream or fallback")
                .isEmpty();
        assertThat(tally.slowest.get("stock")).isLessThan(INVENTORY_BUDGET_MS + SLACK_MS);
        assertThat(tally.slowest.get("shipping")).isLessThan(SHIPPING_BUDGET_MS + SLACK_MS);
        assertThat(tally.slowest.get("orders")).isLessThan(ORDER_BUDGET_MS + SLACK_MS);

        // Every kind of fault was injected, and every kind reached the app.
        Map<String, Long> kinds = totalFaults(injected);
        assertThat(kinds).containsKeys("500", "stall", "reset", "429", "503");
        assertThat(kinds.values()).allSatisfy(count -> assertThat(count).isGreaterThan(10));
        assertThat(tally.reasons)
                .containsKeys(
                        "CircuitBreakerOpenException",
                        "TimeoutExceededException",
                        "DownstreamUnavailableException",
                        "ResourceAccessException");

        // The inventory circuit opened (calls were refused) and closed again.
        assertThat(tally.reasons.get("CircuitBreakerOpenException").sum()).isPositive();
        assertThat(transitions).as("inventory.stock state transitions").isGreaterThanOrEqualTo(2);

        // The counts add up, per instance.
        for (String instance : INSTANCES) {
            Metrics m = after.get(instance).minus(before.get(instance));
            assertThat(m.calls)
                    .as("%s: calls = successes + failures + fallbacks + rejections + ignored: %s", instance, m)
                    .isEqualTo(m.successes + m.failures + m.fallbacks + m.rejections + m.ignored);
            assertThat(m.calls)
                    .as("%s: calls = client requests that reach it", instance)
                    .isEqualTo(tally.expectedCalls.get(instance).sum());
            assertThat(m.successes)
                    .as("%s: successes = answers from the downstream", instance)
                    .isEqualTo(tally.answers(instance, "downstream"));
            assertThat(m.fallbacks)
                    .as("%s: fallbacks = answers from the fallback", instance)
                    .isEqualTo(tally.answers(instance, "fallback"));
        }
    }

    /** Runs {@link #CLIENTS} threads sending requests until {@code duration} has passed or {@code maxRequests} were sent. */
    private void runLoad(Duration duration, int maxRequests, long seed, Tally into) throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        long deadline = System.nanoTime() + duration.toNanos();
        AtomicInteger budget = new AtomicInteger(maxRequests);
        List<Future<?>> running = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            Random random = new Random(seed * 31 + i);
            running.add(clients.submit(() -> {
                while (System.nanoTime() < deadline && budget.getAndDecrement() > 0) {
                    send(random, into);
                    into.loadRequests.incrementAndGet();
                }
                return null;
            }));
        }
        for (Future<?> client : running) {
            client.get(duration.toSeconds() + 60, TimeUnit.SECONDS);
        }
        clients.shutdown();
        assertThat(clients.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    /** One request: 40 % stock, 30 % shipping, 30 % orders, with articles and postcodes drawn at random. */
    private void send(Random random, Tally into) {
        int pick = random.nextInt(10);
        String sku = "sku-" + random.nextInt(50);
        String postcode = Integer.toString(10_000 + random.nextInt(2_000));
        long start = System.nanoTime();
        ResponseEntity<String> response;
        String endpoint;
        try {
            if (pick < 4) {
                endpoint = "stock";
                response = client.get().uri("/stock/{sku}", sku).retrieve().toEntity(String.class);
            } else if (pick < 7) {
                endpoint = "shipping";
                response = client.get()
                        .uri("/shipping/{postcode}", postcode)
                        .retrieve()
                        .toEntity(String.class);
            } else {
                endpoint = "orders";
                response = client.post()
                        .uri("/orders")
                        .contentType(MediaType.APPLICATION_JSON)
                        .body(Map.of("sku", sku, "quantity", 1, "postcode", postcode))
                        .retrieve()
                        .toEntity(String.class);
            }
        } catch (RuntimeException ex) {
            into.problem("no answer: " + ex);
            return;
        }
        into.record(endpoint, (System.nanoTime() - start) / 1_000_000, response);
    }

    private void simulateAll(double failureRate) {
        for (String service : DownstreamSimulator.SERVICES) {
            simulator.configure(service, behaviour(failureRate, DownstreamSimulator.SERVICES.indexOf(service)));
        }
    }

    private static dev.resilient.sample.simulator.Behaviour behaviour(double failureRate, long seedOffset) {
        return new dev.resilient.sample.simulator.Behaviour(
                failureRate, null, (int) (RETRY_AFTER_MS / 1000), null, null, "random", STALL_MS, SEED + seedOffset);
    }

    private static JdkClientHttpRequestFactory jdkClient() {
        JdkClientHttpRequestFactory factory = new JdkClientHttpRequestFactory(
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build());
        factory.setReadTimeout(Duration.ofSeconds(30));
        return factory;
    }

    private Map<String, Metrics> metrics() {
        DocumentContext json = getJson("/actuator/resilience");
        Map<String, Metrics> metrics = new TreeMap<>();
        for (String instance : INSTANCES) {
            metrics.put(
                    instance,
                    new Metrics(
                            read(json, instance, "calls"),
                            read(json, instance, "successes"),
                            read(json, instance, "failures"),
                            read(json, instance, "fallbacks"),
                            read(json, instance, "rejections"),
                            read(json, instance, "ignored"),
                            read(json, instance, "retries")));
        }
        return metrics;
    }

    private static long read(DocumentContext json, String instance, String field) {
        return json.read("$.instances['" + instance + "'].metrics." + field, Long.class);
    }

    private long transitions(String instance) {
        return getJson("/actuator/resilience")
                .read("$.instances['" + instance + "'].circuitBreaker.stateTransitions", Long.class);
    }

    private static Map<String, Metrics> delta(Map<String, Metrics> before, Map<String, Metrics> after) {
        Map<String, Metrics> delta = new TreeMap<>();
        after.forEach((name, m) -> delta.put(name, m.minus(before.get(name))));
        return delta;
    }

    private static Map<String, Long> totalFaults(Map<String, DownstreamSimulator.ServiceStatus> status) {
        Map<String, Long> total = new TreeMap<>();
        status.values().forEach(s -> s.faults().forEach((kind, count) -> total.merge(kind, count, Long::sum)));
        return total;
    }

    private static String faults(Map<String, DownstreamSimulator.ServiceStatus> status) {
        return totalFaults(status) + " of "
                + status.values().stream()
                        .mapToLong(DownstreamSimulator.ServiceStatus::requests)
                        .sum()
                + " downstream requests "
                + status.entrySet().stream()
                        .map(e -> e.getKey() + "=" + e.getValue().requests())
                        .collect(Collectors.joining(", ", "(", ")"));
    }

    /** Open file descriptors of this process (sockets included), or -1 where the JDK cannot tell. */
    private static long openFileDescriptors() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
            return unix.getOpenFileDescriptorCount();
        }
        return -1;
    }

    /**
     * Open file descriptors by kind, for a failure message: TCP sockets by local and remote port
     * (the app's port, the simulator's port, or other), pipes, files and so on. Linux only.
     */
    private Map<String, Long> descriptorGroups() {
        int simulatorPort = simulator.baseUrl().getPort();
        Map<Long, String> sockets = new java.util.HashMap<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            try {
                for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of(table))) {
                    String[] f = line.trim().split("\\s+");
                    if (f.length < 10 || !f[1].contains(":")) {
                        continue;
                    }
                    int local = Integer.parseInt(f[1].substring(f[1].indexOf(':') + 1), 16);
                    int remote = Integer.parseInt(f[2].substring(f[2].indexOf(':') + 1), 16);
                    sockets.put(
                            Long.parseLong(f[9]),
                            "tcp " + portName(local, simulatorPort) + "->" + portName(remote, simulatorPort) + " state "
                                    + f[3]);
                }
            } catch (java.io.IOException | RuntimeException ex) {
                // not Linux: no breakdown
            }
        }
        Map<String, Long> groups = new TreeMap<>();
        try (var fds = java.nio.file.Files.list(java.nio.file.Path.of("/proc/self/fd"))) {
            fds.forEach(fd -> {
                String target;
                try {
                    target = java.nio.file.Files.readSymbolicLink(fd).toString();
                } catch (java.io.IOException ex) {
                    return;
                }
                String kind = target.startsWith("socket:[")
                        ? sockets.getOrDefault(Long.parseLong(target.substring(8, target.length() - 1)), "socket")
                        : target.startsWith("/")
                                ? (target.endsWith(".jar") ? "jar" : "file")
                                : target.replaceAll("\\[.*", "");
                groups.merge(kind, 1L, Long::sum);
            });
        } catch (java.io.IOException | RuntimeException ex) {
            // not Linux: no breakdown
        }
        return groups;
    }

    private String portName(int port, int simulatorPort) {
        return port == this.port ? "app" : port == simulatorPort ? "simulator" : port == 0 ? "*" : "other";
    }

    /** Live threads by name, digits dropped, for a failure message. */
    private static Map<String, Long> threadGroups() {
        return Thread.getAllStackTraces().keySet().stream()
                .collect(Collectors.groupingBy(
                        t -> t.getName().replaceAll("\\d+", "#"), TreeMap::new, Collectors.counting()));
    }

    /** The counters of one instance as {@code /actuator/resilience} shows them. */
    record Metrics(
            long calls, long successes, long failures, long fallbacks, long rejections, long ignored, long retries) {

        Metrics minus(Metrics o) {
            return new Metrics(
                    calls - o.calls,
                    successes - o.successes,
                    failures - o.failures,
                    fallbacks - o.fallbacks,
                    rejections - o.rejections,
                    ignored - o.ignored,
                    retries - o.retries);
        }
    }

    /** What the clients sent and saw, safe for concurrent use. */
    static final class Tally {

        final AtomicLong loadRequests = new AtomicLong();

        final Map<String, LongAdder> byEndpoint = new ConcurrentHashMap<>();

        /** Per instance: requests that reach it. */
        final Map<String, LongAdder> expectedCalls = new ConcurrentHashMap<>();

        /** Per instance and source ({@code inventory.stock/downstream}): the answers seen. */
        final Map<String, LongAdder> sources = new ConcurrentHashMap<>();

        /** Fallback answers by the failure's type. */
        final Map<String, LongAdder> reasons = new ConcurrentHashMap<>();

        /** Slowest request per endpoint, in ms. */
        final Map<String, Long> slowest = new ConcurrentHashMap<>(Map.of("stock", 0L, "shipping", 0L, "orders", 0L));

        final List<String> problems = Collections.synchronizedList(new ArrayList<>());

        long requests() {
            return byEndpoint.values().stream().mapToLong(LongAdder::sum).sum();
        }

        long answers(String instance, String source) {
            LongAdder count = sources.get(instance + "/" + source);
            return count == null ? 0 : count.sum();
        }

        void problem(String problem) {
            if (problems.size() < 20) {
                problems.add(problem);
            }
        }

        void record(String endpoint, long elapsedMs, ResponseEntity<String> response) {
            count(byEndpoint, endpoint);
            slowest.merge(endpoint, elapsedMs, Math::max);
            if (response.getStatusCode().value() != 200) {
                problem(endpoint + ": " + response.getStatusCode() + " " + response.getBody());
                return;
            }
            DocumentContext json = JsonPath.parse(response.getBody());
            switch (endpoint) {
                case "stock" -> answer("inventory.stock", json, "$");
                case "shipping" -> answer("shipping.quote", json, "$");
                default -> {
                    String status = json.read("$.status");
                    if (!List.of("CONFIRMED", "ACCEPTED").contains(status)) {
                        problem("order " + status + ": " + response.getBody());
                    }
                    answer("inventory.stock", json, "$.stock");
                    answer("shipping.quote", json, "$.shipping");
                    if (json.read("$.payment") != null) {
                        answer("payments.charge", json, "$.payment");
                    }
                }
            }
        }

        private void answer(String instance, DocumentContext json, String path) {
            count(expectedCalls, instance);
            String source = json.read(path + ".source");
            if (!"downstream".equals(source) && !"fallback".equals(source)) {
                problem(instance + " answered from " + source + ": " + json.jsonString());
                return;
            }
            count(sources, instance + "/" + source);
            if ("fallback".equals(source)) {
                String reason = json.read(path + ".reason");
                count(reasons, reason == null ? "none" : reason.split(":", 2)[0]);
            }
        }

        private static void count(Map<String, LongAdder> counts, String key) {
            counts.computeIfAbsent(key, k -> new LongAdder()).increment();
        }
    }
}
