/**
 * Bulkhead: a concurrency limit with an optional wait, its configuration and its pipeline step.
 */
package dev.resilient.bulkhead;
