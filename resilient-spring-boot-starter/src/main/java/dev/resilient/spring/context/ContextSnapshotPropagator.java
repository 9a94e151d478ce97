package dev.resilient.spring.context;

import dev.resilient.ContextPropagator;
import io.micrometer.context.ContextRegistry;
import io.micrometer.context.ContextSnapshot;
import io.micrometer.context.ContextSnapshotFactory;
import io.micrometer.context.ThreadLocalAccessor;
import io.micrometer.context.integration.Slf4jThreadLocalAccessor;
import java.util.List;
import java.util.Objects;
import org.springframework.util.ClassUtils;

/**
 * The {@link ContextPropagator} of the starter, built on Micrometer's context-propagation library
 * (the one Spring, Reactor and Micrometer Tracing use): captures every {@link ThreadLocalAccessor}
 * of the global {@link ContextRegistry} on the caller's thread — the current Micrometer Observation
 * (and with it the trace), Spring Security's context, and whatever the application registers
 * (locale, request attributes, ...) — and restores them around each attempt on another thread,
 * clearing any value the snapshot does not hold, so a pooled thread carries nothing of an earlier
 * caller. The MDC is carried too, and Spring Security's {@code SecurityContextHolder} whenever
 * spring-security-core is on the class path, even if no library registered an accessor for them.
 * A caller without a security context is left without one (reading it does not store an empty one).
 */
public final class ContextSnapshotPropagator implements ContextPropagator {

    private static final String SECURITY_ACCESSOR =
            "org.springframework.security.core.context.SecurityContextHolderThreadLocalAccessor";

    private static final String SECURITY_CONTEXT = "org.springframework.security.core.context.SecurityContext";

    private final ContextSnapshotFactory registered;
    private final ContextSnapshotFactory added;
    private final boolean carriesSecurityContext;

    /**
     * @param registry the registry whose accessors are carried (usually
     *     {@link ContextRegistry#getInstance()})
     * @param additions accessors carried as well when {@code registry} has none with their key
     */
    public ContextSnapshotPropagator(ContextRegistry registry, List<ThreadLocalAccessor<?>> additions) {
        Objects.requireNonNull(registry, "registry");
        this.registered = ContextSnapshotFactory.builder()
                .contextRegistry(registry)
                .clearMissing(true)
                .build();
        ContextRegistry own = new ContextRegistry();
        for (ThreadLocalAccessor<?> accessor : additions) {
            boolean known = registry.getThreadLocalAccessors().stream()
                    .anyMatch(existing ->
                            existing.key().equals(accessor.key()) || existing.getClass() == accessor.getClass());
            if (!known) {
                own.registerThreadLocalAccessor(accessor);
            }
        }
        this.carriesSecurityContext = registry.getThreadLocalAccessors().stream()
                        .anyMatch(accessor -> SECURITY_CONTEXT.equals(accessor.key()))
                || own.getThreadLocalAccessors().stream().anyMatch(accessor -> SECURITY_CONTEXT.equals(accessor.key()));
        this.added = own.getThreadLocalAccessors().isEmpty()
                ? null
                : ContextSnapshotFactory.builder()
                        .contextRegistry(own)
                        .clearMissing(true)
                        .build();
    }

    /**
     * The global registry's accessors, plus the MDC and (with spring-security-core) Spring
     * Security's context.
     */
    public static ContextSnapshotPropagator withDefaults(ClassLoader classLoader) {
        return new ContextSnapshotPropagator(ContextRegistry.getInstance(), defaultAdditions(classLoader));
    }

    /** The MDC, and Spring Security's context when spring-security-core is present. */
    public static List<ThreadLocalAccessor<?>> defaultAdditions(ClassLoader classLoader) {
        ThreadLocalAccessor<?> mdc = new Slf4jThreadLocalAccessor();
        if (!ClassUtils.isPresent(SECURITY_ACCESSOR, classLoader)) {
            return List.of(mdc);
        }
        try {
            ThreadLocalAccessor<?> security =
                    (ThreadLocalAccessor<?>) ClassUtils.forName(SECURITY_ACCESSOR, classLoader)
                            .getDeclaredConstructor()
                            .newInstance();
            return List.of(mdc, security);
        } catch (ReflectiveOperationException | LinkageError e) {
            return List.of(mdc);
        }
    }

    @Override
    public CapturedContext capture() {
        ContextSnapshot first = this.registered.captureAll();
        ContextSnapshot second = this.added != null ? this.added.captureAll() : null;
        if (this.carriesSecurityContext) {
            EmptySecurityContext.forget();
        }
        return () -> {
            ContextSnapshot.Scope outer = first.setThreadLocals();
            if (second == null) {
                return outer::close;
            }
            ContextSnapshot.Scope inner = second.setThreadLocals();
            return () -> {
                try {
                    inner.close();
                } finally {
                    outer.close();
                }
            };
        };
    }

    @Override
    public String toString() {
        return "ContextSnapshotPropagator";
    }
}
