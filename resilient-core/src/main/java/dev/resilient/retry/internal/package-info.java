/**
 * Implementation details of retry (backoff curves, jitter, per-attempt rules); not an API.
 */
package dev.resilient.retry.internal;
