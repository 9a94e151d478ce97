/**
 * Rate limiter: token bucket, sliding window and fixed window algorithms, rejecting or waiting,
 * optionally one limit per key of the call's arguments, and its pipeline step.
 */
@NullMarked
package dev.resilient.ratelimiter;

import org.jspecify.annotations.NullMarked;
