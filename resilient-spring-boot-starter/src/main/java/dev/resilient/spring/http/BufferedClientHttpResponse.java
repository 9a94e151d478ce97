package dev.resilient.spring.http;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.client.ClientHttpResponse;

/** A response read into memory (status, headers, the first bytes of the body) and detached from its connection. */
final class BufferedClientHttpResponse implements ClientHttpResponse {

    private final HttpStatusCode statusCode;
    private final String statusText;
    private final HttpHeaders headers;
    private final byte[] body;

    private BufferedClientHttpResponse(HttpStatusCode statusCode, String statusText, HttpHeaders headers, byte[] body) {
        this.statusCode = statusCode;
        this.statusText = statusText;
        this.headers = headers;
        this.body = body;
    }

    /** Reads up to {@code maxBody} bytes of {@code response}'s body; the caller closes {@code response}. */
    static BufferedClientHttpResponse read(ClientHttpResponse response, int maxBody) throws IOException {
        byte[] body;
        if (maxBody == 0) {
            body = new byte[0];
        } else {
            try (InputStream in = response.getBody()) {
                body = in.readNBytes(maxBody);
            }
        }
        return new BufferedClientHttpResponse(
                response.getStatusCode(),
                response.getStatusText(),
                HttpResilienceSupport.copy(response.getHeaders()),
                body);
    }

    @Override
    public HttpStatusCode getStatusCode() {
        return statusCode;
    }

    @Override
    public String getStatusText() {
        return statusText;
    }

    @Override
    public HttpHeaders getHeaders() {
        return headers;
    }

    @Override
    public InputStream getBody() {
        return new ByteArrayInputStream(body);
    }

    @Override
    public void close() {
        // nothing held
    }
}
