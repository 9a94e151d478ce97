package dev.resilient.spring.internal;

import java.util.concurrent.CompletionStage;
import org.springframework.util.ClassUtils;

/** How the aspect runs a method through its pipeline, decided once from the return type. */
public enum ReturnKind {
    /** A plain value or {@code void}: run synchronously on the calling thread. */
    SYNC,
    /** A {@link CompletionStage} / {@code CompletableFuture}: run asynchronously, never blocking. */
    STAGE,
    /** A Reactor {@code Mono}: each subscription runs the pipeline; each attempt re-invokes the method. */
    MONO,
    /** A Reactor {@code Flux}: as {@link #MONO}, with the elements of each attempt buffered in a list. */
    FLUX;

    private static final boolean REACTOR =
            ClassUtils.isPresent("reactor.core.publisher.Mono", ReturnKind.class.getClassLoader());

    /** The kind of a method returning {@code type}. */
    public static ReturnKind of(Class<?> type) {
        if (CompletionStage.class.isAssignableFrom(type)) {
            return STAGE;
        }
        if (REACTOR) {
            ReturnKind reactive = ReactorSupport.kindOf(type);
            if (reactive != null) {
                return reactive;
            }
        }
        return SYNC;
    }

    /** Whether Reactor is on the class path. */
    public static boolean reactorPresent() {
        return REACTOR;
    }

    /** Whether the method completes asynchronously. */
    public boolean async() {
        return this != SYNC;
    }
}
