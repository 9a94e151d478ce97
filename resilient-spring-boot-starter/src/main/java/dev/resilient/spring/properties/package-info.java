/**
 * The {@code resilient.*} configuration properties: defaults, named profiles and their per-pattern
 * keys.
 */
@NullMarked
package dev.resilient.spring.properties;

import org.jspecify.annotations.NullMarked;
