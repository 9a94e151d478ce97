/**
 * Conditions: apply a pipeline only when a predicate holds, and let failures matching {@code
 * ignoreWhen} pass through every step untouched.
 */
@NullMarked
package dev.resilient.condition;

import org.jspecify.annotations.NullMarked;
