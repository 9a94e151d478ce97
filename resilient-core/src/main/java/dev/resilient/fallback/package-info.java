/**
 * Fallback: a value, a function of the failure or a chain of alternatives, plus suppression and
 * error mapping.
 */
@NullMarked
package dev.resilient.fallback;

import org.jspecify.annotations.NullMarked;
