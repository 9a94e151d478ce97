/**
 * Implementation details of the rate limiter (permit algorithms); not an API.
 */
@NullMarked
package dev.resilient.ratelimiter.internal;

import org.jspecify.annotations.NullMarked;
