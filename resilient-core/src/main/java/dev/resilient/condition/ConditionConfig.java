package dev.resilient.condition;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * When the policies of a pipeline apply, and which failures pass through them untouched.
 *
 * <ul>
 *   <li><b>when</b>: a {@link BooleanSupplier}, or a {@link Predicate} on the call's arguments,
 *       evaluated before every call. When it is false the call runs straight through: none of the
 *       pipeline's policies (fallback, failure cache, retry, circuit breaker, ...) sees it.</li>
 *   <li><b>conditionCallback</b>: a feature flag, e.g. {@code () -> flags.isOn("resilience")}; the same
 *       mechanism as {@code when}, evaluated per call, so flipping the flag takes effect at once.</li>
 *   <li><b>ignoreWhen</b>: a {@link Predicate} on the call's failure; a matching failure passes
 *       through every policy untouched (not retried, not counted by the breaker, no fallback) and is
 *       counted only as ignored.</li>
 * </ul>
 * Several conditions must all be true; several {@code ignoreWhen} predicates match if any does. A
 * condition that throws counts as false (the call runs straight through) and is logged once per
 * burst; an {@code ignoreWhen} predicate that throws counts as no match. Immutable; build with
 * {@link #builder()}.
 */
public final class ConditionConfig {

    private static final ConditionConfig DEFAULTS = builder().build();

    private final List<Predicate<Object[]>> conditions;
    private final List<String> conditionNames;
    private final List<Predicate<Throwable>> ignoreWhen;

    private ConditionConfig(Builder builder) {
        this.conditions = List.copyOf(builder.conditions);
        this.conditionNames = List.copyOf(builder.conditionNames);
        this.ignoreWhen = List.copyOf(builder.ignoreWhen);
    }

    /** No conditions and nothing ignored: the policies always apply. */
    public static ConditionConfig ofDefaults() {
        return DEFAULTS;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The conditions ({@code when} and condition callbacks), all of which must hold, in order. */
    public List<Predicate<Object[]>> conditions() {
        return conditions;
    }

    /** Whether any {@code when} or condition callback is configured. */
    public boolean hasConditions() {
        return !conditions.isEmpty();
    }

    /** Whether any {@code ignoreWhen} predicate is configured. */
    public boolean hasIgnoreWhen() {
        return !ignoreWhen.isEmpty();
    }

    /**
     * The {@code ignoreWhen} predicates combined (any match), or {@code null} when there are none; pass
     * it to {@link IgnoringTerminalStep}.
     */
    public @Nullable Predicate<Throwable> ignoreWhen() {
        if (ignoreWhen.isEmpty()) {
            return null;
        }
        if (ignoreWhen.size() == 1) {
            return ignoreWhen.get(0);
        }
        List<Predicate<Throwable>> predicates = ignoreWhen;
        return failure -> {
            for (Predicate<Throwable> predicate : predicates) {
                if (predicate.test(failure)) {
                    return true;
                }
            }
            return false;
        };
    }

    @Override
    public String toString() {
        return "ConditionConfig{conditions=" + conditionNames + ", ignoreWhen=" + ignoreWhen.size() + '}';
    }

    /** Builds a {@link ConditionConfig}. */
    public static final class Builder {
        private final List<Predicate<Object[]>> conditions = new ArrayList<>();
        private final List<String> conditionNames = new ArrayList<>();
        private final List<Predicate<Throwable>> ignoreWhen = new ArrayList<>();

        private Builder() {}

        /** Applies the policies only while {@code condition} is true (evaluated per call). */
        public Builder when(BooleanSupplier condition) {
            BooleanSupplier checked = requireNonNull(condition, "when");
            return add("when", args -> checked.getAsBoolean());
        }

        /** Applies the policies only to calls whose arguments (possibly {@code null}) satisfy {@code condition}. */
        public Builder when(Predicate<Object[]> condition) {
            return add("when(args)", requireNonNull(condition, "when"));
        }

        /** The same as {@link #when(Predicate)}, for method references that fit both overloads. */
        public Builder whenArgs(Predicate<Object[]> condition) {
            return when(condition);
        }

        /** A feature flag evaluated per call: the policies apply only while it returns true. */
        public Builder conditionCallback(BooleanSupplier callback) {
            BooleanSupplier checked = requireNonNull(callback, "conditionCallback");
            return add("conditionCallback", args -> checked.getAsBoolean());
        }

        /** Failures matching {@code predicate} pass through every policy untouched and uncounted. */
        public Builder ignoreWhen(Predicate<Throwable> predicate) {
            ignoreWhen.add(requireNonNull(predicate, "ignoreWhen"));
            return this;
        }

        public ConditionConfig build() {
            return new ConditionConfig(this);
        }

        private Builder add(String name, Predicate<Object[]> condition) {
            conditions.add(condition);
            conditionNames.add(name);
            return this;
        }

        private static <V> V requireNonNull(V value, String field) {
            if (value == null) {
                throw new IllegalArgumentException(field + " must not be null but was null");
            }
            return value;
        }
    }
}
