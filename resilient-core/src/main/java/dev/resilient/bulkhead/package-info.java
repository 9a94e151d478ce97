/**
 * Bulkhead: a concurrency limit with an optional wait, its configuration and its pipeline step.
 */
@NullMarked
package dev.resilient.bulkhead;

import org.jspecify.annotations.NullMarked;
