/**
 * Implementation details of the fallback step; not an API.
 */
@NullMarked
package dev.resilient.fallback.internal;

import org.jspecify.annotations.NullMarked;
