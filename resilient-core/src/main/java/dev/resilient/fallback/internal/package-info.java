/**
 * Implementation details of the fallback step; not an API.
 */
package dev.resilient.fallback.internal;
