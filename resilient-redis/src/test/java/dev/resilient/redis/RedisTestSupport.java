package dev.resilient.redis;

import dev.resilient.redis.testing.RedisServerProcess;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Clients and shared state against one {@link RedisServerProcess}, closed together. */
final class RedisTestSupport implements AutoCloseable {

    final RedisServerProcess server;
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private final List<RedisClient> clients = new ArrayList<>();
    /** A prefix no other test shares. */
    final String prefix = "test:" + UUID.randomUUID() + ":";

    RedisTestSupport(RedisServerProcess server) {
        this.server = server;
    }

    RedisClient client() {
        RedisClient client = RedisClient.create(server.uri());
        client.setOptions(ClientOptions.builder().autoReconnect(true).build());
        clients.add(client);
        return client;
    }

    /** Shared state as one "instance" of a service: its own client and connections. */
    RedisSharedState instance(Duration commandTimeout) {
        RedisSharedState state = RedisSharedState.builder(client())
                .keyPrefix(prefix)
                .commandTimeout(commandTimeout)
                .retryInterval(Duration.ofMillis(200))
                .circuitSyncInterval(Duration.ofMillis(200))
                .build();
        closeables.add(state);
        return state;
    }

    RedisSharedState instance() {
        return instance(Duration.ofSeconds(2));
    }

    /** Direct commands, to look at the keys. */
    RedisCommands<String, String> commands() {
        StatefulRedisConnection<String, String> connection = client().connect();
        closeables.add(connection);
        return connection.sync();
    }

    @Override
    public void close() throws Exception {
        for (AutoCloseable c : closeables) {
            try {
                c.close();
            } catch (RuntimeException ignored) {
                // the server may be gone
            }
        }
        for (RedisClient client : clients) {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
        }
    }
}
