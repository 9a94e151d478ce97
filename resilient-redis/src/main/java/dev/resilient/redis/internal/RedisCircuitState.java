package dev.resilient.redis.internal;

import dev.resilient.circuitbreaker.CircuitBreaker;
import dev.resilient.circuitbreaker.CircuitState;
import dev.resilient.circuitbreaker.SharedCircuitState;
import io.lettuce.core.SetArgs;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Circuit OPEN state shared through Redis. When a breaker of this JVM opens by itself, its key
 * ({@code <prefix>{<name>}:circuit}) is set for the recovery timeout and the name is published on
 * the channel {@code <prefix>circuit}; every other JVM subscribed opens its breaker of that name on
 * the message. Messages lost while a JVM is disconnected are made up for by a poll of the keys of
 * closed breakers every sync interval. A breaker's calls never wait for Redis: the closed fast path
 * makes no round trip, and while Redis is down each JVM's breaker simply works alone.
 */
public final class RedisCircuitState implements SharedCircuitState {

    private static final Logger log = LoggerFactory.getLogger(RedisCircuitState.class);
    private static final ThreadLocal<Boolean> APPLYING = new ThreadLocal<>();

    private final String origin = UUID.randomUUID().toString();
    private final RedisExecutor redis;
    private final Keys keys;
    private final String channel;
    private final Map<String, List<CircuitBreaker>> breakers = new ConcurrentHashMap<>();
    private final Supplier<StatefulRedisPubSubConnection<String, String>> pubSubConnector;
    private volatile @Nullable StatefulRedisPubSubConnection<String, String> pubSub;

    /**
     * @param pubSub opens the pub/sub connection; called on {@code poller} until it succeeds (Redis
     *     may be down at start-up)
     */
    public RedisCircuitState(
            RedisExecutor redis,
            Keys keys,
            Supplier<StatefulRedisPubSubConnection<String, String>> pubSub,
            ScheduledExecutorService poller,
            long syncIntervalNanos) {
        this.redis = redis;
        this.keys = keys;
        this.channel = keys.prefix() + "circuit";
        this.pubSubConnector = pubSub;
        poller.execute(this::subscribe);
        poller.scheduleWithFixedDelay(this::poll, syncIntervalNanos, syncIntervalNanos, TimeUnit.NANOSECONDS);
    }

    private void subscribe() {
        if (pubSub != null) {
            return;
        }
        try {
            StatefulRedisPubSubConnection<String, String> connection = pubSubConnector.get();
            connection.addListener(new RedisPubSubAdapter<>() {
                @Override
                public void message(String fromChannel, String message) {
                    if (channel.equals(fromChannel)) {
                        onMessage(message);
                    }
                }
            });
            connection.async().subscribe(channel);
            pubSub = connection;
        } catch (RuntimeException e) {
            log.debug("Could not subscribe to {}; the poll keeps circuits in step until it can", channel, e);
        }
    }

    /** Closes the pub/sub connection. */
    public void close() {
        StatefulRedisPubSubConnection<String, String> connection = pubSub;
        if (connection != null) {
            connection.close();
        }
    }

    /** The pub/sub channel transitions are published on. */
    public String channel() {
        return channel;
    }

    @Override
    public void attach(CircuitBreaker breaker) {
        breakers.computeIfAbsent(breaker.name(), n -> new CopyOnWriteArrayList<>())
                .add(breaker);
        breaker.onStateChange((b, from, to) -> {
            if (to == CircuitState.OPEN && APPLYING.get() == null) {
                publishOpen(b);
            }
        });
        check(breaker);
    }

    private void publishOpen(CircuitBreaker breaker) {
        long millis = Math.max(1, breaker.config().recoveryTimeout().toMillis());
        String key = keys.of(breaker.name(), "circuit");
        redis.callAsync(c -> c.set(key, origin, SetArgs.Builder.px(millis)))
                .thenCompose(ok -> redis.callAsync(c -> c.publish(channel, origin + "|" + breaker.name())))
                .exceptionally(failure -> {
                    log.debug("Could not share the opening of circuit '{}'", breaker.name(), failure);
                    return null;
                });
    }

    private void onMessage(String message) {
        int bar = message.indexOf('|');
        if (bar < 0 || message.substring(0, bar).equals(origin)) {
            return;
        }
        List<CircuitBreaker> list = breakers.get(message.substring(bar + 1));
        if (list != null) {
            list.forEach(this::openFromRemote);
        }
    }

    private void poll() {
        subscribe();
        try {
            breakers.values()
                    .forEach(list -> list.forEach(breaker -> {
                        if (breaker.state() == CircuitState.CLOSED) {
                            check(breaker);
                        }
                    }));
        } catch (RuntimeException e) {
            log.debug("Circuit state poll failed", e);
        }
    }

    private void check(CircuitBreaker breaker) {
        redis.<String>callAsync(c -> c.get(keys.of(breaker.name(), "circuit")))
                .thenAccept(owner -> {
                    if (owner != null && !owner.equals(origin)) {
                        openFromRemote(breaker);
                    }
                })
                .exceptionally(failure -> null);
    }

    private void openFromRemote(CircuitBreaker breaker) {
        if (breaker.state() != CircuitState.CLOSED) {
            return;
        }
        APPLYING.set(Boolean.TRUE);
        try {
            breaker.transitionToOpen();
            log.info("Circuit '{}' opened because another instance opened it", breaker.name());
        } finally {
            APPLYING.remove();
        }
    }

    @Override
    public String toString() {
        return "RedisCircuitState{channel=" + channel + '}';
    }
}
