package dev.resilient.spring.actuate;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.annotation.EndpointWebExtension;

/**
 * HTTP statuses for the {@code resilience} endpoint's write operation: 404 for an unknown instance
 * and 400 with a JSON body naming the valid actions for a bad request, whatever the application's
 * error page settings.
 */
@EndpointWebExtension(endpoint = ResilienceEndpoint.class)
public class ResilienceEndpointWebExtension {

    private final ResilienceEndpoint delegate;

    public ResilienceEndpointWebExtension(ResilienceEndpoint delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    /** {@link ResilienceEndpoint#apply(String, String)} with web statuses. */
    @WriteOperation
    public WebEndpointResponse<Map<String, Object>> apply(@Selector String name, String action) {
        try {
            Map<String, Object> body = delegate.apply(name, action);
            return body == null
                    ? new WebEndpointResponse<>(WebEndpointResponse.STATUS_NOT_FOUND)
                    : new WebEndpointResponse<>(body, WebEndpointResponse.STATUS_OK);
        } catch (InvalidEndpointRequestException e) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("status", WebEndpointResponse.STATUS_BAD_REQUEST);
            body.put("error", e.getReason());
            body.put("validActions", ResilienceEndpoint.ACTIONS);
            return new WebEndpointResponse<>(body, WebEndpointResponse.STATUS_BAD_REQUEST);
        }
    }
}
