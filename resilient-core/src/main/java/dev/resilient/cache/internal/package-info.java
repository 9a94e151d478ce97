/**
 * Implementation details of the failure cache; not an API.
 */
@NullMarked
package dev.resilient.cache.internal;

import org.jspecify.annotations.NullMarked;
