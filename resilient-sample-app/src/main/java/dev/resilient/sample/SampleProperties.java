package dev.resilient.sample;

import java.net.URI;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code sample.*}: where the downstream services live.
 *
 * @param downstream the real downstream to call instead of the simulator
 * @param simulator the embedded simulated downstream
 */
@ConfigurationProperties("sample")
public record SampleProperties(
        @DefaultValue Downstream downstream, @DefaultValue Simulator simulator) {

    /**
     * @param url base URL of the inventory, payments and shipping services; when unset the
     *     embedded simulator is started and called
     */
    public record Downstream(URI url) {}

    /**
     * @param port port of the embedded simulator; 0 picks a free one
     */
    public record Simulator(@DefaultValue("8081") int port) {}
}
