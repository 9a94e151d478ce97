package dev.resilient.cache;

import dev.resilient.CallNotPermittedException;
import dev.resilient.cache.internal.ArgsKey;
import dev.resilient.step.Exceptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * What a {@link FailureCache} remembers and for how long.
 *
 * <ul>
 *   <li><b>ttl</b> (default 1 minute, must be &gt; 0): how long a failed key is skipped.</li>
 *   <li><b>maxKeys</b> (default 10 000, must be &gt;= 1): the most keys remembered; the least
 *       valuable are evicted beyond it, so memory stays bounded whatever the arguments.</li>
 *   <li><b>keyFunction</b> (default: the arguments compared by value, see {@link #argumentsKey()}):
 *       maps the call's arguments to the key. {@code null} arguments share a single key.</li>
 *   <li><b>rememberOn</b> (default {@link Exception}): the failures remembered. Rejections
 *       ({@link dev.resilient.CallNotPermittedException}) are never remembered: they say nothing about
 *       the key.</li>
 * </ul>
 * Immutable; build with {@link #builder()}.
 */
public final class FailureCacheConfig {

    /** The default time a failure is remembered. */
    public static final Duration DEFAULT_TTL = Duration.ofMinutes(1);
    /** The default bound on remembered keys. */
    public static final int DEFAULT_MAX_KEYS = 10_000;

    private static final Function<Object[], Object> ARGUMENTS_KEY = ArgsKey::of;
    private static final FailureCacheConfig DEFAULTS = builder().build();

    private final Duration ttl;
    private final int maxKeys;
    private final Function<Object[], Object> keyFunction;
    private final List<Class<? extends Throwable>> rememberOn;
    private final FailureStore.@Nullable Factory store;

    private FailureCacheConfig(Builder builder, List<Class<? extends Throwable>> rememberOn) {
        this.ttl = builder.ttl;
        this.maxKeys = builder.maxKeys;
        this.keyFunction = builder.keyFunction;
        this.rememberOn = List.copyOf(rememberOn);
        this.store = builder.store;
    }

    public static FailureCacheConfig ofDefaults() {
        return DEFAULTS;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from this configuration. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.ttl = ttl;
        b.maxKeys = maxKeys;
        b.keyFunction = keyFunction;
        b.rememberOn = new ArrayList<>(rememberOn);
        b.store = store;
        return b;
    }

    /** The default key function: the arguments by value (arrays by content), {@code null} args one key. */
    public static Function<Object[], Object> argumentsKey() {
        return ARGUMENTS_KEY;
    }

    public Duration ttl() {
        return ttl;
    }

    public int maxKeys() {
        return maxKeys;
    }

    public Function<Object[], Object> keyFunction() {
        return keyFunction;
    }

    public List<Class<? extends Throwable>> rememberOn() {
        return rememberOn;
    }

    /** The shared store failures are remembered in; {@code null} (the default): this JVM's memory. */
    public FailureStore.@Nullable Factory store() {
        return store;
    }

    /** Whether {@code failure} is to be remembered. */
    public boolean remembers(Throwable failure) {
        return !(failure instanceof CallNotPermittedException) && Exceptions.isInstanceOfAny(failure, rememberOn);
    }

    @Override
    public String toString() {
        return "FailureCacheConfig{ttl=" + ttl + ", maxKeys=" + maxKeys
                + ", keyFunction=" + (keyFunction == ARGUMENTS_KEY ? "arguments" : "custom")
                + ", rememberOn=" + rememberOn.stream().map(Class::getName).toList()
                + (store == null ? "" : ", store=" + store) + '}';
    }

    /** Builds a {@link FailureCacheConfig}; validated on {@link #build()}. */
    public static final class Builder {
        private Duration ttl = DEFAULT_TTL;
        private int maxKeys = DEFAULT_MAX_KEYS;
        private Function<Object[], Object> keyFunction = ARGUMENTS_KEY;
        private @Nullable List<Class<? extends Throwable>> rememberOn = new ArrayList<>(List.of(Exception.class));
        private FailureStore.@Nullable Factory store;

        private Builder() {}

        /**
         * Remembers failures in a shared store (e.g. {@code resilient-redis}), so that every JVM using
         * the same instance name skips a key one of them saw fail; {@code null} (the default) keeps
         * them in this JVM's memory.
         */
        public Builder store(FailureStore.@Nullable Factory store) {
            this.store = store;
            return this;
        }

        public Builder ttl(Duration ttl) {
            this.ttl = ttl;
            return this;
        }

        public Builder maxKeys(int maxKeys) {
            this.maxKeys = maxKeys;
            return this;
        }

        /** Maps the call's arguments (possibly {@code null}) to the key; a {@code null} key is one shared key. */
        public Builder keyFunction(Function<Object[], Object> keyFunction) {
            this.keyFunction = keyFunction;
            return this;
        }

        /** The failures remembered, replacing the default ({@link Exception}). */
        @SafeVarargs
        public final Builder rememberOn(Class<? extends Throwable>... types) {
            this.rememberOn = types == null ? null : new ArrayList<>(Arrays.asList(types));
            return this;
        }

        /** Validates and builds; throws {@link IllegalArgumentException} naming the bad field. */
        public FailureCacheConfig build() {
            if (ttl == null || ttl.isNegative() || ttl.isZero()) {
                throw new IllegalArgumentException("ttl must be > 0 but was " + ttl);
            }
            if (maxKeys < 1) {
                throw new IllegalArgumentException("maxKeys must be >= 1 but was " + maxKeys);
            }
            if (keyFunction == null) {
                throw new IllegalArgumentException("keyFunction must not be null but was null");
            }
            if (rememberOn == null || rememberOn.isEmpty() || rememberOn.contains(null)) {
                throw new IllegalArgumentException("rememberOn must be non-empty without nulls but was " + rememberOn);
            }
            return new FailureCacheConfig(this, rememberOn);
        }
    }
}
