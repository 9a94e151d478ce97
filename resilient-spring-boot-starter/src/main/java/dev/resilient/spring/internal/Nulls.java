package dev.resilient.spring.internal;

import org.jspecify.annotations.Nullable;

/** What NullAway cannot follow on its own, said once. */
final class Nulls {

    private Nulls() {}

    /**
     * {@code value} as the type the caller declared: the result of a call (or of its fallback), which
     * may be {@code null} whatever {@code T} is, since a call may return {@code null}. NullAway takes an
     * unannotated type variable as non-null, so a step that hands such a result back says so here.
     */
    @SuppressWarnings("NullAway")
    static <T> T result(@Nullable T value) {
        return value;
    }
}
