/**
 * Implementation details shared inside resilient-core; not an API, may change in any release.
 */
@NullMarked
package dev.resilient.internal;

import org.jspecify.annotations.NullMarked;
