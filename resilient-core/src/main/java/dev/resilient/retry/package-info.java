/**
 * Retry: attempts, backoff, jitter, Retry-After hints and a retry budget, its configuration and
 * its pipeline step.
 */
@NullMarked
package dev.resilient.retry;

import org.jspecify.annotations.NullMarked;
