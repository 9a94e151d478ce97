package dev.resilient.redis;

import dev.resilient.redis.testing.RedisServerProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * Tests against a real Redis server on a free loopback port: one server per test class, and per
 * test a {@link RedisTestSupport} whose clients are closed after it.
 */
abstract class RealRedisTest {

    static RedisServerProcess server;
    RedisTestSupport redis;

    @BeforeAll
    static void startRedis() {
        server = RedisServerProcess.startNew();
    }

    @AfterAll
    static void stopRedis() {
        server.close();
    }

    @BeforeEach
    void connect() {
        redis = new RedisTestSupport(server);
    }

    @AfterEach
    void disconnect() throws Exception {
        redis.close();
    }
}
