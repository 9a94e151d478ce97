/**
 * Implementation details of the Redis backends (scripts, keys, the command executor and its health);
 * not an API.
 */
@NullMarked
package dev.resilient.redis.internal;

import org.jspecify.annotations.NullMarked;
