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

    record Reply(int status, String body, Map<String, String> headers) {
        static Reply of(int status) {
            return new Reply(status, "status " + status, Map.of());
        }

        static Reply of(int status, String body) {
            return new Reply(status, body, Map.of());
        }

        static Reply retryAfter(int status, String retryAfter) {
            return new Reply(status, "status " + status, Map.of("Retry-After", retryAfter));
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private final Deque<Reply> script = new ArrayDeque<>();
    private final AtomicInteger requests = new AtomicInteger();
    private final List<Long> requestNanos = new CopyOnWriteArrayList<>();
    private final List<String> requestIds = new CopyOnWriteArrayList<>();
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

    /** The X-Request-Id header of each request received ("" when absent). */
    List<String> requestIds() {
        return requestIds;
    }

    private synchronized Reply next() {
        if (!script.isEmpty()) {
            last = script.poll();
        }
        return last;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            exchange.getRequestBody().readAllBytes();
            requestNanos.add(System.nanoTime());
            String requestId = exchange.getRequestHeaders().getFirst("X-Request-Id");
            requestIds.add(requestId == null ? "" : requestId);
            requests.incrementAndGet();
            Reply reply = next();
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
