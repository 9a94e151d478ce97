/**
 * Conditions: apply a pipeline only when a predicate holds, and let failures matching {@code
 * ignoreWhen} pass through every step untouched.
 */
package dev.resilient.condition;
