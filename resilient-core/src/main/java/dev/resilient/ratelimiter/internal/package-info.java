/**
 * Implementation details of the rate limiter (permit algorithms, the bounded map of per-key limiters);
 * not an API.
 */
@NullMarked
package dev.resilient.ratelimiter.internal;

import org.jspecify.annotations.NullMarked;
