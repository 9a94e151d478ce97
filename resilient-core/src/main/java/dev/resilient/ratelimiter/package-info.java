/**
 * Rate limiter: token bucket, sliding window and fixed window algorithms, rejecting or waiting,
 * and its pipeline step.
 */
@NullMarked
package dev.resilient.ratelimiter;

import org.jspecify.annotations.NullMarked;
