/**
 * Fallback: a value, a function of the failure or a chain of alternatives, plus suppression and
 * error mapping.
 */
package dev.resilient.fallback;
