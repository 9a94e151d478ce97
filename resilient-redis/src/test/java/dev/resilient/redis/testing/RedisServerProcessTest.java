package dev.resilient.redis.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class RedisServerProcessTest {

    @Test
    void usesTheSystemsRedisServerWhenOnThePathElseTheEmbeddedBinary() {
        Path onPath = Arrays.stream(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .map(dir -> Path.of(dir, "redis-server"))
                .filter(Files::isExecutable)
                .findFirst()
                .orElse(null);
        boolean forced = Boolean.parseBoolean(System.getProperty(
                "resilient.redis.embedded", System.getenv().getOrDefault("RESILIENT_REDIS_EMBEDDED", "false")));
        try (RedisServerProcess server = RedisServerProcess.startNew()) {
            if (onPath != null && !forced) {
                assertThat(server.binary()).isEqualTo(onPath);
            } else {
                assertThat(server.binary().getFileName()).hasToString("redis-server");
                assertThat(server.binary().getParent().getFileName().toString()).startsWith("resilient-redis");
            }
        }
    }

    @Test
    void forcingTheEmbeddedBinaryStartsItOnAFreeLoopbackPortAndKillAndStartWork() throws Exception {
        String previous = System.setProperty("resilient.redis.embedded", "true");
        try (RedisServerProcess server = RedisServerProcess.startNew()) {
            assertThat(server.binary().getParent().getFileName().toString()).startsWith("resilient-redis");
            assertThat(server.uri()).isEqualTo("redis://127.0.0.1:" + server.port());
            server.kill();
            try (var socket = new java.net.Socket()) {
                socket.connect(new java.net.InetSocketAddress("127.0.0.1", server.port()), 500);
                throw new AssertionError("still accepting after kill");
            } catch (java.io.IOException expected) {
                // refused
            }
            server.start();
            try (var socket = new java.net.Socket("127.0.0.1", server.port())) {
                assertThat(socket.isConnected()).isTrue();
            }
        } finally {
            if (previous == null) {
                System.clearProperty("resilient.redis.embedded");
            } else {
                System.setProperty("resilient.redis.embedded", previous);
            }
        }
    }
}
