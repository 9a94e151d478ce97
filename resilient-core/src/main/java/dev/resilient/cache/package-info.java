/**
 * Failure cache: remembers per key that a call failed and fails such calls fast for a TTL.
 */
@NullMarked
package dev.resilient.cache;

import org.jspecify.annotations.NullMarked;
