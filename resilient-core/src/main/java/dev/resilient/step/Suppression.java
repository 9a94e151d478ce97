package dev.resilient.step;

/** Attaches secondary failures to a primary one without ever losing either. */
public final class Suppression {

    private Suppression() {}

    /**
     * Adds {@code secondary} to {@code primary}'s suppressed failures unless it is the same object or
     * already there (adding a throwable to itself would throw). Returns {@code primary}.
     */
    public static Throwable addOnce(Throwable primary, Throwable secondary) {
        if (primary == null || secondary == null || primary == secondary) {
            return primary;
        }
        for (Throwable existing : primary.getSuppressed()) {
            if (existing == secondary) {
                return primary;
            }
        }
        try {
            primary.addSuppressed(secondary);
        } catch (RuntimeException e) {
            // a custom addSuppressed may refuse; the primary failure still propagates
        }
        return primary;
    }
}
