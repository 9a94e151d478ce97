package dev.resilient.spring.internal;

import dev.resilient.spring.properties.ProfileProperties;
import java.util.function.UnaryOperator;

/**
 * One source of profile values in the merge order.
 *
 * @param values the values; null values are "not set"
 * @param builtIn whether these are built-in defaults or presets
 * @param inline whether these are inline annotation attributes
 * @param pathOf maps a relative key ({@code retry.max-delay}) to the path reported to users
 */
record Layer(ProfileProperties values, boolean builtIn, boolean inline, UnaryOperator<String> pathOf) {

    static Layer builtIn(ProfileProperties values, String description) {
        return new Layer(values, true, false, key -> description + " (" + key + ")");
    }

    static Layer properties(ProfileProperties values, String prefix) {
        return new Layer(values, false, false, key -> prefix + "." + key);
    }
}
