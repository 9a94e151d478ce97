/**
 * Shared state on Redis: rate limits, failure cache, alert cooldowns and circuit state shared by every
 * instance of a service ({@link dev.resilient.redis.RedisSharedState}).
 */
@NullMarked
package dev.resilient.redis;

import org.jspecify.annotations.NullMarked;
