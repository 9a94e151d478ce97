package dev.resilient.spring.internal;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Tells Reactor return types apart, in a class loaded only when Reactor is on the class path; such
 * methods run through {@link ReactivePipeline}.
 */
final class ReactorSupport {

    private ReactorSupport() {}

    static @Nullable ReturnKind kindOf(Class<?> type) {
        if (Mono.class.isAssignableFrom(type)) {
            return ReturnKind.MONO;
        }
        if (Flux.class.isAssignableFrom(type)) {
            return ReturnKind.FLUX;
        }
        return null;
    }
}
