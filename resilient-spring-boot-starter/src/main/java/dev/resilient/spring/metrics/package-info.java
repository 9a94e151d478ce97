/**
 * Micrometer meters ({@code resilient.*}) bound to every pipeline's events and counters.
 */
@NullMarked
package dev.resilient.spring.metrics;

import org.jspecify.annotations.NullMarked;
