package dev.resilient.observation.alert;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts alerts as JSON to a webhook with the JDK's {@link HttpClient}. The body is Slack-compatible
 * ({@code text}) and carries the alert's fields for other receivers:
 * <pre>{"text": "...", "instance": "...", "level": 1, "errorCount": 5, "windowMillis": 60000,
 *  "exception": "java.io.IOException", "message": "...", "timestamp": "2024-01-01T00:00:00Z"}</pre>
 * Sent asynchronously ({@code sendAsync}) with its own connect and request timeout (default 5 s), so
 * a slow or unreachable webhook never delays or breaks the call; failures and non-2xx answers are
 * logged with the URL's scheme, host and port only (webhook paths often hold a secret).
 */
public final class WebhookAlertSink implements AlertSink {

    /** The default connect and request timeout. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

    private static final Logger log = LoggerFactory.getLogger(WebhookAlertSink.class);

    private final URI url;
    private final String safeUrl;
    private final Duration timeout;
    private final HttpClient client;

    /** A sink posting to {@code url} with the default timeout. */
    public WebhookAlertSink(URI url) {
        this(url, DEFAULT_TIMEOUT);
    }

    public WebhookAlertSink(URI url, Duration timeout) {
        this(
                url,
                timeout,
                HttpClient.newBuilder()
                        .connectTimeout(validTimeout(timeout))
                        .version(HttpClient.Version.HTTP_1_1)
                        .build());
    }

    /** A sink using the given client (its connect timeout is the client's). */
    public WebhookAlertSink(URI url, Duration timeout, HttpClient client) {
        this.url = validUrl(url);
        this.safeUrl = url.getScheme() + "://" + url.getHost() + (url.getPort() < 0 ? "" : ":" + url.getPort());
        this.timeout = validTimeout(timeout);
        this.client = Objects.requireNonNull(client, "client");
    }

    public URI url() {
        return url;
    }

    public Duration timeout() {
        return timeout;
    }

    @Override
    public void send(Alert alert) {
        post(alert);
    }

    /**
     * Posts {@code alert}; the future completes with the HTTP status, or {@code -1} when the post
     * failed (already logged). It never completes exceptionally.
     */
    public CompletableFuture<Integer> post(Alert alert) {
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(url)
                    .timeout(timeout)
                    .header("Content-Type", "application/json; charset=utf-8")
                    .POST(HttpRequest.BodyPublishers.ofString(toJson(alert), StandardCharsets.UTF_8))
                    .build();
            return client.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                    .handle((response, failure) -> {
                        if (failure != null) {
                            log.warn(
                                    "Alert webhook {} failed for {}: {}",
                                    safeUrl,
                                    alert.instance(),
                                    failure.toString());
                            return -1;
                        }
                        int status = response.statusCode();
                        if (status < 200 || status >= 300) {
                            log.warn("Alert webhook {} answered {} for {}", safeUrl, status, alert.instance());
                        }
                        return status;
                    });
        } catch (RuntimeException e) {
            log.warn("Alert webhook {} could not be called for {}", safeUrl, alert.instance(), e);
            return CompletableFuture.completedFuture(-1);
        }
    }

    /** The JSON body posted for {@code alert}. */
    public static String toJson(Alert alert) {
        StringBuilder json = new StringBuilder(256).append('{');
        field(json, "text", alert.text()).append(',');
        field(json, "instance", alert.instance()).append(',');
        json.append("\"level\":").append(alert.level()).append(',');
        json.append("\"errorCount\":").append(alert.errorCount()).append(',');
        json.append("\"windowMillis\":").append(alert.window().toMillis()).append(',');
        field(json, "exception", alert.exceptionType()).append(',');
        field(json, "message", alert.message()).append(',');
        field(
                json,
                "timestamp",
                alert.timestamp() == null ? null : alert.timestamp().toString());
        return json.append('}').toString();
    }

    private static StringBuilder field(StringBuilder json, String name, @Nullable String value) {
        json.append('"').append(name).append("\":");
        if (value == null) {
            return json.append("null");
        }
        json.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\n' -> json.append("\\n");
                case '\r' -> json.append("\\r");
                case '\t' -> json.append("\\t");
                default -> {
                    if (c < 0x20) {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        return json.append('"');
    }

    private static URI validUrl(URI url) {
        if (url == null) {
            throw new IllegalArgumentException("url must not be null but was null");
        }
        String scheme = url.getScheme();
        if (!"http".equalsIgnoreCase(scheme) && !"https".equalsIgnoreCase(scheme)) {
            throw new IllegalArgumentException("url must be an http or https URL but had scheme " + scheme);
        }
        return url;
    }

    private static Duration validTimeout(Duration timeout) {
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive but was " + timeout);
        }
        return timeout;
    }

    @Override
    public String toString() {
        return "WebhookAlertSink{" + safeUrl + '}';
    }
}
