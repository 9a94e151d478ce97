/**
 * Micrometer meters ({@code resilient.*}) bound to every pipeline's events and counters.
 */
package dev.resilient.spring.metrics;
