/**
 * The {@code resilient.*} configuration properties: defaults, named profiles and their per-pattern
 * keys.
 */
package dev.resilient.spring.properties;
