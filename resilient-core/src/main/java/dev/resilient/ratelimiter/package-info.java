/**
 * Rate limiter: token bucket, sliding window and fixed window algorithms, rejecting or waiting,
 * and its pipeline step.
 */
package dev.resilient.ratelimiter;
