/**
 * Implementation details of the rate limiter (permit algorithms); not an API.
 */
package dev.resilient.ratelimiter.internal;
