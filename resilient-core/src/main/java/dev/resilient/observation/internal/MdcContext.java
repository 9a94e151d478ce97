package dev.resilient.observation.internal;

import dev.resilient.observation.MessageScrubber;
import dev.resilient.observation.Redaction;
import dev.resilient.observation.logging.ArgumentSanitizer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Puts a static map and a provider's map into the SLF4J MDC and takes exactly those entries out
 * again, restoring the values they replaced. A provider that throws or returns {@code null} adds
 * nothing (logged). Every value passes the redaction rule first: the sanitizer (by default the
 * sensitive-name rule on the key), then the text redaction and message scrubbing.
 */
public final class MdcContext {

    private static final Logger log = LoggerFactory.getLogger(MdcContext.class);

    private final String[] keys;
    private final String[] values;
    private final @Nullable Supplier<Map<String, String>> provider;
    private final ArgumentSanitizer sanitizer;
    private final Redaction redaction;

    /** A context with the default redaction. */
    public MdcContext(Map<String, String> staticContext, @Nullable Supplier<Map<String, String>> provider) {
        this(staticContext, provider, null, Redaction.defaults());
    }

    /**
     * @param sanitizer replaces the name rule of {@code redaction}; may be null
     * @param redaction the rule values pass
     */
    public MdcContext(
            Map<String, String> staticContext,
            @Nullable Supplier<Map<String, String>> provider,
            @Nullable ArgumentSanitizer sanitizer,
            Redaction redaction) {
        this.redaction = Objects.requireNonNull(redaction, "redaction");
        this.sanitizer = sanitizer != null ? sanitizer : ArgumentSanitizer.redacting(redaction);
        this.keys = staticContext.keySet().toArray(String[]::new);
        this.values = new String[keys.length];
        int i = 0;
        for (String value : staticContext.values()) {
            this.values[i] = safe(keys[i], value);
            i++;
        }
        this.provider = provider;
    }

    /** Whether this context adds nothing. */
    public boolean isEmpty() {
        return keys.length == 0 && provider == null;
    }

    /** Applies the static entries and the provider's on the current thread; the scope restores the MDC. */
    public Scope apply() {
        return applyEntries(resolve());
    }

    /**
     * The entries to set: the static ones, then the provider's (which win on a clash). Async calls
     * resolve once on the calling thread and apply the result wherever their work runs.
     */
    public Map<String, String> resolve() {
        Map<String, String> entries = new LinkedHashMap<>();
        for (int i = 0; i < keys.length; i++) {
            entries.put(keys[i], values[i]);
        }
        if (provider != null) {
            Map<String, String> provided;
            try {
                provided = provider.get();
            } catch (RuntimeException | LinkageError e) {
                log.warn("MDC context provider failed; the call goes on without its entries", e);
                provided = null;
            }
            if (provided != null) {
                try {
                    provided.forEach((key, value) -> {
                        if (key != null && value != null) {
                            entries.put(key, safe(key, value));
                        }
                    });
                } catch (RuntimeException e) {
                    log.warn("MDC context provider returned a map that cannot be read", e);
                }
            }
        }
        return entries;
    }

    /** {@code value} as it may be logged under {@code key}; never throws. */
    private String safe(String key, String value) {
        Object sanitized;
        try {
            sanitized = sanitizer.sanitize(key, value);
        } catch (RuntimeException | LinkageError e) {
            log.warn("Sanitizer failed for MDC entry '{}'; it is set to {}", key, MessageScrubber.UNAVAILABLE, e);
            return MessageScrubber.UNAVAILABLE;
        }
        if (sanitized == redaction.redaction()) {
            return redaction.redaction();
        }
        try {
            return redaction.redactText(String.valueOf(sanitized));
        } catch (RuntimeException | StackOverflowError e) {
            return MessageScrubber.UNAVAILABLE;
        }
    }

    /** Puts {@code entries} into the MDC of the current thread; the scope restores it. */
    public static Scope applyEntries(Map<String, String> entries) {
        Scope scope = new Scope();
        entries.forEach(scope::put);
        return scope;
    }

    /** The MDC entries one {@link #apply()} added, with the values they replaced. */
    public static final class Scope implements AutoCloseable {
        private final List<String> added = new ArrayList<>(4);
        private final List<String> previous = new ArrayList<>(4);

        private Scope() {}

        private void put(String key, String value) {
            if (!added.contains(key)) {
                added.add(key);
                previous.add(MDC.get(key));
            }
            MDC.put(key, value);
        }

        /** Removes what was added, restoring replaced values. */
        @Override
        public void close() {
            for (int i = added.size() - 1; i >= 0; i--) {
                String old = previous.get(i);
                if (old == null) {
                    MDC.remove(added.get(i));
                } else {
                    MDC.put(added.get(i), old);
                }
            }
        }
    }
}
