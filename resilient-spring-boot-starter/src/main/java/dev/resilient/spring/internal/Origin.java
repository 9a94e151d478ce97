package dev.resilient.spring.internal;

/**
 * Where an effective value comes from.
 *
 * @param path the property path ({@code resilient.profiles.payments.retry.delay}), the annotation
 *        attribute ({@code @Resilient(delay)}) or a built-in description
 * @param rank position of the layer in the merge order; higher ranks win
 * @param builtIn whether the value is a built-in default or preset
 * @param inline whether the value is an inline annotation attribute
 */
public record Origin(String path, int rank, boolean builtIn, boolean inline) {

    @Override
    public String toString() {
        return this.path;
    }
}
