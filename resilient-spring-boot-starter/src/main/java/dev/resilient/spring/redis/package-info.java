/** Shared resilience state on the application's Redis, with its health indicator and properties. */
@NullMarked
package dev.resilient.spring.redis;

import org.jspecify.annotations.NullMarked;
