package dev.resilient.observation.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Puts a static map and a provider's map into the SLF4J MDC and takes exactly those entries out
 * again, restoring the values they replaced. A provider that throws or returns {@code null} adds
 * nothing (logged).
 */
public final class MdcContext {

    private static final Logger log = LoggerFactory.getLogger(MdcContext.class);

    private final String[] keys;
    private final String[] values;
    private final Supplier<Map<String, String>> provider;

    public MdcContext(Map<String, String> staticContext, Supplier<Map<String, String>> provider) {
        this.keys = staticContext.keySet().toArray(String[]::new);
        this.values = staticContext.values().toArray(String[]::new);
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
                            entries.put(key, value);
                        }
                    });
                } catch (RuntimeException e) {
                    log.warn("MDC context provider returned a map that cannot be read", e);
                }
            }
        }
        return entries;
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
