package dev.resilient.spring.secrets;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A real HTTP server on loopback (the JDK's HttpServer) that keeps the bodies posted to it. */
final class WebhookReceiver implements AutoCloseable {

    private final HttpServer server;
    private final BlockingQueue<String> bodies = new LinkedBlockingQueue<>();

    WebhookReceiver() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/", this::handle);
        server.start();
    }

    /** A webhook URL with a secret in its path, as Slack's have. */
    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/services/T000/B000/S3CR3TWEBHOOKPATH";
    }

    /** The next body posted, waiting up to ten seconds for it. */
    String next() throws InterruptedException {
        String body = bodies.poll(10, TimeUnit.SECONDS);
        if (body == null) {
            throw new AssertionError("no webhook call within 10 s");
        }
        return body;
    }

    void clear() {
        bodies.clear();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(204, -1);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
