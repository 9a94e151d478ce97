package dev.resilient.spring.internal;

import dev.resilient.RetrySafety;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.springframework.expression.EvaluationContext;

/**
 * The key function of a per-key rate limit: {@code rate-limit.key} evaluated over a call's arguments
 * in the same evaluation context as {@code failure-cache.key} and {@code when}. An expression that
 * fails fails the call with a {@link KeyFailure} naming the property, the expression and the
 * instance; it is not retried (the next attempt would fail the same way).
 */
final class RateLimitKey implements Function<Object @Nullable [], @Nullable Object> {

    private final ParsedExpression key;
    private final String instanceName;
    private final Function<Object @Nullable [], EvaluationContext> contexts;

    RateLimitKey(ParsedExpression key, String instanceName, Function<Object @Nullable [], EvaluationContext> contexts) {
        this.key = key;
        this.instanceName = instanceName;
        this.contexts = contexts;
    }

    @Override
    public @Nullable Object apply(Object @Nullable [] args) {
        try {
            return this.key.expression().getValue(this.contexts.apply(args));
        } catch (RuntimeException ex) {
            throw new KeyFailure(
                    "rate-limit.key '" + this.key.source() + "' of " + this.instanceName + " could not be evaluated: "
                            + ex.getMessage(),
                    ex);
        }
    }

    @Override
    public String toString() {
        return this.key.source();
    }

    /** A {@code rate-limit.key} that could not be evaluated; never retried. */
    static final class KeyFailure extends IllegalStateException implements RetrySafety {

        KeyFailure(String message, Throwable cause) {
            super(message, cause);
        }

        @Override
        public boolean safeToRetry() {
            return false;
        }
    }
}
