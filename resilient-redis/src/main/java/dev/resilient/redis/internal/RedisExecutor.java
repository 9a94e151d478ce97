package dev.resilient.redis.internal;

import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Runs commands with a timeout of their own and keeps {@link BackendHealth} up to date. Scripts run
 * by {@code EVALSHA}; when the server does not know one ({@code NOSCRIPT}, e.g. after a restart) it
 * is sent once with {@code EVAL}, which loads it again. A synchronous command waits at most the
 * command timeout; an asynchronous one never blocks. Thread-safe.
 */
public final class RedisExecutor {

    /** Thrown (as a cause) when the backend is down and this caller is not the probe. */
    static final class BackendDownException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BackendDownException(@Nullable Throwable last) {
            super("Redis is unavailable (last failure: " + last + ")", null, false, false);
        }
    }

    private volatile @Nullable RedisClusterAsyncCommands<String, String> commands;
    private final Supplier<RedisClusterAsyncCommands<String, String>> connector;
    private final Executor connectExecutor;
    private final AtomicBoolean connecting = new AtomicBoolean();
    private final long timeoutNanos;
    private final BackendHealth health;

    /**
     * An executor that connects on first use: {@code connector} opens the connection and runs on
     * {@code connectExecutor}, never on a caller's thread; until it succeeds every command fails as
     * if Redis were down, and a new attempt is made each retry interval.
     */
    public RedisExecutor(
            Supplier<RedisClusterAsyncCommands<String, String>> connector,
            Executor connectExecutor,
            Duration timeout,
            BackendHealth health) {
        this.connector = connector;
        this.connectExecutor = connectExecutor;
        this.timeoutNanos = timeout.toNanos();
        this.health = health;
    }

    public BackendHealth health() {
        return health;
    }

    /** Connects now on the calling thread; a failure leaves the backend down, to connect later. */
    public void connectNow() {
        try {
            commands = connector.get();
        } catch (RuntimeException e) {
            health.failed(e);
        }
    }

    /** The commands, or {@code null} while not connected (then a connection attempt is started). */
    private @Nullable RedisClusterAsyncCommands<String, String> commandsOrConnect() {
        RedisClusterAsyncCommands<String, String> c = commands;
        if (c == null && health.shouldTry() && connecting.compareAndSet(false, true)) {
            try {
                connectExecutor.execute(() -> {
                    try {
                        commands = connector.get();
                        health.succeeded();
                    } catch (RuntimeException e) {
                        health.failed(e);
                    } finally {
                        connecting.set(false);
                    }
                });
            } catch (RuntimeException rejected) {
                connecting.set(false);
            }
        }
        return c;
    }

    /** Runs {@code script}, waiting at most the command timeout; throws on any failure. */
    public <T> T eval(Script script, ScriptOutputType type, String[] keys, String... args) {
        return await(c -> evalAsync0(c, script, type, keys, args));
    }

    /** Runs {@code script} without blocking; the stage fails on any failure or after the timeout. */
    public <T> CompletionStage<T> evalAsync(Script script, ScriptOutputType type, String[] keys, String... args) {
        return async(c -> evalAsync0(c, script, type, keys, args));
    }

    /** Runs a command, waiting at most the command timeout. */
    public <T> T call(Function<RedisClusterAsyncCommands<String, String>, RedisFuture<T>> command) {
        return await(c -> command.apply(c).toCompletableFuture());
    }

    /** Runs a command without blocking. */
    public <T> CompletionStage<T> callAsync(
            Function<RedisClusterAsyncCommands<String, String>, RedisFuture<T>> command) {
        return async(c -> command.apply(c).toCompletableFuture());
    }

    /**
     * {@code EVALSHA}, then {@code EVAL} on {@code NOSCRIPT}. The returned future completes with the
     * reply; completing it otherwise (a timeout) cancels the command in flight, so that a command
     * Lettuce buffered while disconnected is never sent later, and no {@code EVAL} follows.
     */
    private static <T> CompletableFuture<T> evalAsync0(
            RedisClusterAsyncCommands<String, String> commands,
            Script script,
            ScriptOutputType type,
            String[] keys,
            String[] args) {
        CompletableFuture<T> result = new CompletableFuture<>();
        CompletableFuture<T> first =
                commands.<T>evalsha(script.sha(), type, keys, args).toCompletableFuture();
        result.whenComplete((value, failure) -> first.cancel(false));
        first.whenComplete((value, failure) -> {
            if (failure == null) {
                result.complete(value);
            } else if (unwrap(failure) instanceof RedisNoScriptException && !result.isDone()) {
                CompletableFuture<T> second =
                        commands.<T>eval(script.source(), type, keys, args).toCompletableFuture();
                result.whenComplete((v, f) -> second.cancel(false));
                second.whenComplete((v, f) -> {
                    if (f == null) {
                        result.complete(v);
                    } else {
                        result.completeExceptionally(unwrap(f));
                    }
                });
            } else {
                result.completeExceptionally(unwrap(failure));
            }
        });
        return result;
    }

    private <T> T await(Function<RedisClusterAsyncCommands<String, String>, CompletableFuture<T>> command) {
        RedisClusterAsyncCommands<String, String> c = commandsOrConnect();
        if (c == null || !health.shouldTry()) {
            throw new BackendDownException(health.lastFailure());
        }
        CompletableFuture<T> future;
        try {
            future = command.apply(c);
        } catch (RuntimeException e) {
            health.failed(e);
            throw e;
        }
        try {
            T value = future.get(timeoutNanos, TimeUnit.NANOSECONDS);
            health.succeeded();
            return value;
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new CompletionException(e);
        } catch (ExecutionException e) {
            Throwable cause = unwrap(e);
            health.failed(cause);
            throw cause instanceof RuntimeException re ? re : new CompletionException(cause);
        } catch (TimeoutException e) {
            future.cancel(true);
            RuntimeException timeout = new CommandTimeoutException(Duration.ofNanos(timeoutNanos));
            health.failed(timeout);
            throw timeout;
        }
    }

    private <T> CompletionStage<T> async(
            Function<RedisClusterAsyncCommands<String, String>, CompletableFuture<T>> command) {
        RedisClusterAsyncCommands<String, String> c = commandsOrConnect();
        if (c == null || !health.shouldTry()) {
            return CompletableFuture.failedFuture(new BackendDownException(health.lastFailure()));
        }
        CompletableFuture<T> future;
        try {
            future = command.apply(c);
        } catch (RuntimeException e) {
            health.failed(e);
            return CompletableFuture.failedFuture(e);
        }
        return future.orTimeout(timeoutNanos, TimeUnit.NANOSECONDS).handle((value, failure) -> {
            if (failure == null) {
                health.succeeded();
                return value;
            }
            Throwable cause = unwrap(failure);
            if (cause instanceof TimeoutException) {
                future.cancel(true);
                cause = new CommandTimeoutException(Duration.ofNanos(timeoutNanos));
            }
            health.failed(cause);
            throw cause instanceof CompletionException ce ? ce : new CompletionException(cause);
        });
    }

    static Throwable unwrap(Throwable failure) {
        Throwable t = failure;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /** A Redis command that did not answer within the command timeout. */
    static final class CommandTimeoutException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        CommandTimeoutException(Duration timeout) {
            super(
                    "Redis did not answer within the command timeout of " + timeout.toMillis() + " ms",
                    null,
                    false,
                    false);
        }
    }
}
