/**
 * Implementation of the starter (method plans, profile merging, the interceptor, Micrometer and
 * Reactor glue); not an API, may change in any release.
 */
package dev.resilient.spring.internal;
