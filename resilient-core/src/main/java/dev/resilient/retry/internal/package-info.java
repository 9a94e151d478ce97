/**
 * Implementation details of retry (backoff curves, jitter, per-attempt rules); not an API.
 */
@NullMarked
package dev.resilient.retry.internal;

import org.jspecify.annotations.NullMarked;
