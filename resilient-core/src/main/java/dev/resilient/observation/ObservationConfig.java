package dev.resilient.observation;

import dev.resilient.observation.logging.ArgumentSanitizer;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Settings of the {@link ObservationStep}. Immutable; build with {@link #builder()}.
 *
 * <table>
 *   <caption>Settings</caption>
 *   <tr><th>setting</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>slowThreshold</td><td>none</td><td>a call taking longer emits SLOW_CALL and logs a warning</td></tr>
 *   <tr><td>performanceCallback</td><td>none</td><td>receives a {@link CallTiming} per call</td></tr>
 *   <tr><td>staticContext</td><td>empty</td><td>MDC entries set for the duration of every call</td></tr>
 *   <tr><td>contextProvider</td><td>none</td><td>supplies more MDC entries per call, e.g. a request id</td></tr>
 *   <tr><td>redaction</td><td>{@link Redaction#defaults()}</td><td>the rule MDC entries pass: a sensitive
 *       key's value becomes the redaction text, every value is scrubbed</td></tr>
 *   <tr><td>sanitizer</td><td>none (the redaction's name rule)</td><td>replaces the name rule for MDC
 *       entries (named by key)</td></tr>
 * </table>
 */
public final class ObservationConfig {

    private static final ObservationConfig DEFAULTS = builder().build();

    private final @Nullable Duration slowThreshold;
    private final @Nullable Consumer<CallTiming> performanceCallback;
    private final Map<String, String> staticContext;
    private final @Nullable Supplier<Map<String, String>> contextProvider;
    private final Redaction redaction;
    private final @Nullable ArgumentSanitizer sanitizer;

    private ObservationConfig(Builder b) {
        this.slowThreshold = b.slowThreshold;
        this.performanceCallback = b.performanceCallback;
        this.staticContext = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(b.staticContext));
        this.contextProvider = b.contextProvider;
        this.redaction = b.redaction;
        this.sanitizer = b.sanitizer;
    }

    public static ObservationConfig ofDefaults() {
        return DEFAULTS;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The slow-call threshold, or {@code null} when slow calls are not detected. */
    public @Nullable Duration slowThreshold() {
        return slowThreshold;
    }

    /** The performance callback, or {@code null}. */
    public @Nullable Consumer<CallTiming> performanceCallback() {
        return performanceCallback;
    }

    public Map<String, String> staticContext() {
        return staticContext;
    }

    /** The context provider, or {@code null}. */
    public @Nullable Supplier<Map<String, String>> contextProvider() {
        return contextProvider;
    }

    /** The redaction rule of MDC entries. */
    public Redaction redaction() {
        return redaction;
    }

    /** The sanitizer replacing the name rule for MDC entries, or {@code null}. */
    public @Nullable ArgumentSanitizer sanitizer() {
        return sanitizer;
    }

    @Override
    public String toString() {
        return "ObservationConfig{slowThreshold=" + slowThreshold + ", performanceCallback="
                + (performanceCallback == null ? "none" : "set") + ", staticContext=" + staticContext.keySet()
                + ", contextProvider=" + (contextProvider == null ? "none" : "set") + '}';
    }

    /** Builds an {@link ObservationConfig}. */
    public static final class Builder {
        private @Nullable Duration slowThreshold;
        private @Nullable Consumer<CallTiming> performanceCallback;
        private Map<String, String> staticContext = new LinkedHashMap<>();
        private @Nullable Supplier<Map<String, String>> contextProvider;
        private Redaction redaction = Redaction.defaults();
        private @Nullable ArgumentSanitizer sanitizer;

        private Builder() {}

        /** The redaction rule MDC entries pass (sensitive keys, text redaction and scrubbing). */
        public Builder redaction(Redaction redaction) {
            this.redaction = redaction;
            return this;
        }

        /** Replaces the name rule for MDC entries; {@code null} keeps the redaction's. */
        public Builder sanitizer(@Nullable ArgumentSanitizer sanitizer) {
            this.sanitizer = sanitizer;
            return this;
        }

        /** A call taking longer than this is slow; {@code null} turns detection off. Must be positive. */
        public Builder slowThreshold(@Nullable Duration slowThreshold) {
            this.slowThreshold = slowThreshold;
            return this;
        }

        public Builder performanceCallback(@Nullable Consumer<CallTiming> callback) {
            this.performanceCallback = callback;
            return this;
        }

        /** MDC entries set during every call. */
        public Builder staticContext(@Nullable Map<String, String> context) {
            this.staticContext = new LinkedHashMap<>(context == null ? Map.of() : context);
            return this;
        }

        /** Adds one static MDC entry. */
        public Builder context(String key, String value) {
            this.staticContext.put(key, value);
            return this;
        }

        /** Called at the start of every call (every attempt for async calls); its entries go to the MDC. */
        public Builder contextProvider(@Nullable Supplier<Map<String, String>> provider) {
            this.contextProvider = provider;
            return this;
        }

        public ObservationConfig build() {
            if (redaction == null) {
                throw new IllegalArgumentException("redaction must not be null but was null");
            }
            if (slowThreshold != null && (slowThreshold.isNegative() || slowThreshold.isZero())) {
                throw new IllegalArgumentException("slowThreshold must be positive but was " + slowThreshold);
            }
            for (Map.Entry<String, String> entry : staticContext.entrySet()) {
                if (entry.getKey() == null || entry.getKey().isBlank()) {
                    throw new IllegalArgumentException(
                            "staticContext keys must not be blank but was '" + entry.getKey() + "'");
                }
                if (entry.getValue() == null) {
                    throw new IllegalArgumentException(
                            "staticContext value of '" + entry.getKey() + "' must not be null but was null");
                }
            }
            return new ObservationConfig(this);
        }
    }
}
