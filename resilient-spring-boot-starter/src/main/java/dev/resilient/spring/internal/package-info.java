/**
 * Implementation of the starter (method plans, profile merging, the interceptor, Micrometer and
 * Reactor glue); not an API, may change in any release.
 */
@NullMarked
package dev.resilient.spring.internal;

import org.jspecify.annotations.NullMarked;
