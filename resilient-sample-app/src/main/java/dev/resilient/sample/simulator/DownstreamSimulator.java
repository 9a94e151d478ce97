package dev.resilient.sample.simulator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.resilient.sample.simulator.Behaviour.Fault;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small HTTP server standing in for the order service's downstream: {@code GET /inventory/{sku}},
 * {@code POST /payments} and {@code GET /shipping/quote/{postcode}}. Each service answers according
 * to its {@link Behaviour}, which can be changed while the server runs, and counts the requests it
 * receives and the faults it injects: error statuses (with or without {@code Retry-After}), stalls
 * and connections closed without an answer.
 */
public final class DownstreamSimulator implements AutoCloseable {

    /** The simulated services, named by the first segment of their path. */
    public static final List<String> SERVICES = List.of("inventory", "payments", "shipping");

    private static final Logger log = LoggerFactory.getLogger(DownstreamSimulator.class);

    private static final int RECENT_REQUESTS = 20;

    /** Faults a {@code random} behaviour picks from, with equal chances. */
    private static final List<String> RANDOM_FAULTS = List.of("500", "stall", "reset", "429", "503");

    /** Threads of the server that have nothing to do end after this many seconds. */
    private static final long IDLE_THREAD_SECONDS = 5;

    private final Map<String, ServiceState> services = new LinkedHashMap<>();

    private final HttpServer server;

    private final ExecutorService executor;

    private final AtomicInteger inFlight = new AtomicInteger();

    private DownstreamSimulator(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
        for (String name : SERVICES) {
            services.put(name, new ServiceState());
        }
        server.createContext("/", this::handle);
        server.setExecutor(executor);
    }

    /** Starts a simulator on the loopback interface; port 0 picks a free port. */
    public static DownstreamSimulator start(int port) throws IOException {
        AtomicInteger threads = new AtomicInteger();
        ExecutorService executor = new ThreadPoolExecutor(
                0, Integer.MAX_VALUE, IDLE_THREAD_SECONDS, TimeUnit.SECONDS, new SynchronousQueue<>(), task -> {
                    Thread thread = new Thread(task, "simulator-" + threads.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        DownstreamSimulator simulator = new DownstreamSimulator(server, executor);
        server.start();
        log.info(
                "Simulated downstream listening on {} (change its behaviour with POST /simulator)",
                simulator.baseUrl());
        return simulator;
    }

    /** The URL the simulator answers on, such as {@code http://127.0.0.1:8081}. */
    public URI baseUrl() {
        InetSocketAddress address = server.getAddress();
        return URI.create("http://" + address.getAddress().getHostAddress() + ":" + address.getPort());
    }

    /** Sets the behaviour of one service, or of every service when {@code service} is null. */
    public void configure(String service, Behaviour behaviour) {
        Behaviour complete = behaviour.complete();
        for (String name : names(service)) {
            services.get(name).configure(name, complete);
        }
        log.info("Simulated {} now answers with {}", service == null ? "downstream" : service, complete);
    }

    /** Makes every service healthy again and clears the counters. */
    public void reset() {
        services.values().forEach(ServiceState::reset);
    }

    /** The behaviour and request counts of every service. */
    public Map<String, ServiceStatus> status() {
        Map<String, ServiceStatus> status = new LinkedHashMap<>();
        services.forEach((name, state) -> status.put(name, state.status()));
        return status;
    }

    /** The behaviour and request counts of one service. */
    public ServiceStatus status(String service) {
        return services.get(names(service).get(0)).status();
    }

    private List<String> names(String service) {
        if (service == null) {
            return SERVICES;
        }
        if (!services.containsKey(service)) {
            throw new IllegalArgumentException("unknown service '" + service + "'; known: " + SERVICES);
        }
        return List.of(service);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        inFlight.incrementAndGet();
        try (exchange;
                InputStream body = exchange.getRequestBody()) {
            body.readAllBytes();
            String path = exchange.getRequestURI().getPath();
            String[] segments = path.substring(1).split("/");
            ServiceState state = services.get(segments[0]);
            String method = exchange.getRequestMethod();
            if (state == null || segments.length < 2 && !"payments".equals(segments[0])) {
                respond(exchange, 404, "{\"error\":\"no such resource: " + escape(path) + "\"}", null);
                return;
            }
            Answer answer = state.next();
            if (answer.latencyMs > 0) {
                Thread.sleep(answer.latencyMs);
            }
            if (answer.reset) {
                // Closing an exchange before its response headers are sent closes the connection:
                // the client reads end-of-stream where it expects a status line.
                return;
            }
            if (answer.failing) {
                respond(
                        exchange,
                        answer.status,
                        "{\"error\":\"simulated failure\",\"status\":" + answer.status + "}",
                        answer.retryAfterSeconds);
                return;
            }
            String json =
                    switch (segments[0]) {
                        case "inventory" -> inventory(segments[1]);
                        case "payments" ->
                            payment(method, exchange.getRequestHeaders().getFirst("Idempotency-Key"));
                        default -> shipping(segments.length > 2 ? segments[2] : segments[1]);
                    };
            respond(
                    exchange,
                    json == null ? 405 : 200,
                    json == null ? "{\"error\":\"method not allowed\"}" : json,
                    null);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        } catch (IOException ex) {
            // The client went away, typically after its own timeout: nothing to answer.
            log.debug("Simulator could not answer {}: {}", exchange.getRequestURI(), ex.toString());
        } finally {
            inFlight.decrementAndGet();
        }
    }

    /** Requests being handled right now, stalled ones included. */
    public int inFlight() {
        return inFlight.get();
    }

    private static String inventory(String sku) {
        int available = Math.floorMod(sku.hashCode(), 50) + 1;
        return "{\"sku\":\"" + escape(sku) + "\",\"available\":" + available + "}";
    }

    private static String payment(String method, String idempotencyKey) {
        if (!"POST".equals(method)) {
            return null;
        }
        String key = idempotencyKey == null ? Long.toString(System.nanoTime()) : idempotencyKey;
        return "{\"paymentId\":\"pay-" + escape(key) + "\",\"status\":\"CHARGED\"}";
    }

    private static String shipping(String postcode) {
        long price = 399 + Math.floorMod(postcode.hashCode(), 600);
        return "{\"postcode\":\"" + escape(postcode) + "\",\"priceCents\":" + price + ",\"days\":2}";
    }

    private static void respond(HttpExchange exchange, int status, String json, Integer retryAfterSeconds)
            throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        if (retryAfterSeconds != null) {
            exchange.getResponseHeaders().set("Retry-After", Integer.toString(retryAfterSeconds));
        }
        exchange.sendResponseHeaders(status, bytes.length);
        // Not closed when the write fails (the client went away during a delay): closing a response
        // stream that is short of its announced length leaves the JDK server's connection, and its
        // file descriptor, open for good; closing the exchange then closes the connection.
        OutputStream out = exchange.getResponseBody();
        out.write(bytes);
        out.close();
    }

    private static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c >= 0x20) {
                out.append(c);
            }
        }
        return out.toString();
    }

    /**
     * What a service is doing and what it has seen.
     *
     * @param behaviour its current behaviour
     * @param requests requests received since the last reset
     * @param failures requests answered with a failure since the last reset
     * @param failNextRemaining requests still to fail because of {@code failNext}
     * @param recentRequests arrival times (epoch milliseconds) of the last requests, oldest first
     * @param faults failures injected since the last reset by kind: the status answered (such as
     *     {@code 503}), {@code stall} or {@code reset}
     */
    public record ServiceStatus(
            Behaviour behaviour,
            long requests,
            long failures,
            int failNextRemaining,
            List<Long> recentRequests,
            Map<String, Long> faults) {}

    /**
     * What to do with one request.
     *
     * @param failing whether to answer with {@code status} rather than success
     * @param reset whether to close the connection without an answer
     * @param latencyMs how long to wait before answering
     */
    private record Answer(boolean failing, boolean reset, int status, Integer retryAfterSeconds, long latencyMs) {}

    private static final class ServiceState {

        private volatile Behaviour behaviour = Behaviour.healthy();

        private final AtomicInteger failNext = new AtomicInteger();

        private final AtomicLong requests = new AtomicLong();

        private final AtomicLong failures = new AtomicLong();

        private final Deque<Long> recent = new ArrayDeque<>();

        private final Map<String, LongAdder> faults = new ConcurrentHashMap<>();

        /** Seeded when the behaviour has a seed; {@code java.util.Random} is safe to share between threads. */
        private volatile RandomGenerator random;

        void configure(String name, Behaviour complete) {
            random = complete.seed() == null ? null : new Random(complete.seed() * 31 + name.hashCode());
            behaviour = complete;
            failNext.set(complete.failNext());
        }

        void reset() {
            configure("", Behaviour.healthy());
            requests.set(0);
            failures.set(0);
            faults.clear();
            synchronized (recent) {
                recent.clear();
            }
        }

        Answer next() {
            Behaviour b = behaviour;
            synchronized (recent) {
                if (recent.size() == RECENT_REQUESTS) {
                    recent.removeFirst();
                }
                recent.addLast(System.currentTimeMillis());
            }
            requests.incrementAndGet();
            RandomGenerator seeded = random;
            RandomGenerator rnd = seeded == null ? ThreadLocalRandom.current() : seeded;
            boolean failing = failNext.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0
                    || b.failureRate() >= 1.0
                    || b.failureRate() > 0.0 && rnd.nextDouble() < b.failureRate();
            if (!failing) {
                return new Answer(false, false, 0, null, b.latencyMs());
            }
            failures.incrementAndGet();
            String kind =
                    switch (Fault.of(b.fault())) {
                        case STALL -> "stall";
                        case RESET -> "reset";
                        case RANDOM -> RANDOM_FAULTS.get(rnd.nextInt(RANDOM_FAULTS.size()));
                        default -> Integer.toString(b.status());
                    };
            faults.computeIfAbsent(kind, k -> new LongAdder()).increment();
            boolean random = Fault.of(b.fault()) == Fault.RANDOM;
            Integer retryAfter = b.retryAfterSeconds();
            return switch (kind) {
                case "stall" ->
                    new Answer(true, false, random ? 503 : b.status(), retryAfter, b.latencyMs() + b.stallMs());
                case "reset" -> new Answer(true, true, 0, null, b.latencyMs());
                default -> {
                    int status = Integer.parseInt(kind);
                    if (random) {
                        retryAfter = status == 500 ? null : retryAfter == null ? Integer.valueOf(1) : retryAfter;
                    }
                    yield new Answer(true, false, status, retryAfter, b.latencyMs());
                }
            };
        }

        ServiceStatus status() {
            List<Long> times;
            synchronized (recent) {
                times = new ArrayList<>(recent);
            }
            Map<String, Long> injected = new TreeMap<>();
            faults.forEach((kind, count) -> injected.put(kind, count.sum()));
            return new ServiceStatus(behaviour, requests.get(), failures.get(), failNext.get(), times, injected);
        }
    }
}
