package dev.resilient.spring.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/** A real HTTP server on 127.0.0.1 answering from a script; the last reply repeats. */
final class LoopbackServer implements AutoCloseable {

    /** A scripted reply; status -1 drops the connection after reading the request (a reset). */
    record Reply(int status, String body, Map<String, String> headers, long stallMillis) {
        Reply(int status, String body, Map<String, String> headers) {
            this(status, body, headers, 0);
        }

        static Reply of(int status) {
            return new Reply(status, "status " + status, Map.of());
        }

        static Reply of(int status, String body) {
            return new Reply(status, body, Map.of());
        }

        static Reply retryAfter(int status, String retryAfter) {
            return new Reply(status, "status " + status, Map.of("Retry-After", retryAfter));
        }

        /** Drops the connection once the request is read: the server may have processed it. */
        static Reply reset() {
            return new Reply(-1, "", Map.of());
        }

        /** Waits {@code millis} before answering {@code status}. */
        static Reply stall(long millis, int status, String body) {
            return new Reply(status, body, Map.of(), millis);
        }
    }

    /** A request as the server received it. */
    record Request(String method, String path, String body, Map<String, List<String>> headers) {
        String header(String name) {
            return headers.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0))
                    .findFirst()
                    .orElse(null);
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private final Deque<Reply> script = new ArrayDeque<>();
    private final AtomicInteger requests = new AtomicInteger();
    private final List<Long> requestNanos = new CopyOnWriteArrayList<>();
    private final List<Request> received = new CopyOnWriteArrayList<>();
    private Reply last = Reply.of(200, "ok");

    LoopbackServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    /** Answers with these replies in order, then repeats the last one. */
    synchronized LoopbackServer reply(Reply... replies) {
        script.clear();
        script.addAll(List.of(replies));
        return this;
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    int requests() {
        return requests.get();
    }

    List<Long> requestNanos() {
        return requestNanos;
    }

    /** Every request received, in order. */
    List<Request> received() {
        return received;
    }

    /** The port the server listens on. */
    int port() {
        return server.getAddress().getPort();
    }

    /** The same server under another host name ("localhost" instead of "127.0.0.1"). */
    URI uri(String host, String path) {
        return URI.create("http://" + host + ":" + port() + path);
    }

    private synchronized Reply next() {
        if (!script.isEmpty()) {
            last = script.poll();
        }
        return last;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] requestBody = exchange.getRequestBody().readAllBytes();
            received.add(new Request(
                    exchange.getRequestMethod(),
                    exchange.getRequestURI().getPath(),
                    new String(requestBody, StandardCharsets.UTF_8),
                    Map.copyOf(exchange.getRequestHeaders())));
            requestNanos.add(System.nanoTime());
            requests.incrementAndGet();
            Reply reply = next();
            if (reply.status() < 0) {
                return; // closing the exchange without a response drops the connection
            }
            if (reply.stallMillis() > 0) {
                try {
                    Thread.sleep(reply.stallMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            reply.headers()
                    .forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
            exchange.getResponseHeaders().add("Content-Type", "text/plain");
            byte[] body = reply.body().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(reply.status(), body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
