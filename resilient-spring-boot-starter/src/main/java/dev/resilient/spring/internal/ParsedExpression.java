package dev.resilient.spring.internal;

import org.springframework.expression.Expression;

/**
 * A parsed SpEL expression (or template) together with its source text.
 *
 * @param source the expression as configured
 * @param expression the parsed expression (thread-safe to evaluate)
 */
public record ParsedExpression(String source, Expression expression) {

    @Override
    public String toString() {
        return this.source;
    }
}
