/**
 * Retry: attempts, backoff, jitter, Retry-After hints and a retry budget, its configuration and
 * its pipeline step.
 */
package dev.resilient.retry;
