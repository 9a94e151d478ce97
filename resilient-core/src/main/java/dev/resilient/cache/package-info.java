/**
 * Failure cache: remembers per key that a call failed and fails such calls fast for a TTL.
 */
package dev.resilient.cache;
