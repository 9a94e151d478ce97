package dev.resilient.spring.internal;

import dev.resilient.condition.ConditionConfig;
import dev.resilient.spring.properties.ProfileProperties;
import dev.resilient.step.Exceptions;
import java.util.List;
import java.util.function.Predicate;

/**
 * {@code when} and {@code ignore-when} onto core's {@link ConditionConfig}, and {@code active-in}
 * (decided once, against the environment's Spring profiles, and applied by the aspect).
 */
final class ConditionMapping {

    private ConditionMapping() {}

    static boolean active(ProfileProperties p, Checks check) {
        return check.acceptsProfiles("active-in", Checks.filled("active-in", p.getActiveIn()));
    }

    static ConfigPart map(ProfileProperties p, Checks check) {
        ParsedExpression when = check.expression("when", p.getWhen(), false);
        List<Class<? extends Throwable>> ignoreWhen = check.classes("ignore-when", p.getIgnoreWhen());
        if (when == null && ignoreWhen.isEmpty()) {
            return ConfigPart.NONE;
        }
        return (pipeline, target) -> {
            ConditionConfig.Builder b = ConditionConfig.builder();
            if (when != null) {
                b.whenArgs(named(
                        when.source(),
                        args -> Boolean.TRUE.equals(
                                when.expression().getValue(target.evaluationContext(args), Boolean.class))));
            }
            if (!ignoreWhen.isEmpty()) {
                b.ignoreWhen(failure -> Exceptions.isInstanceOfAny(failure, ignoreWhen));
            }
            pipeline.condition(b.build());
        };
    }

    private static <T> Predicate<T> named(String description, Predicate<T> predicate) {
        return new Predicate<>() {
            @Override
            public boolean test(T t) {
                return predicate.test(t);
            }

            @Override
            public String toString() {
                return description;
            }
        };
    }
}
