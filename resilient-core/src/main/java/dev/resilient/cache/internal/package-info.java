/**
 * Implementation details of the failure cache; not an API.
 */
package dev.resilient.cache.internal;
