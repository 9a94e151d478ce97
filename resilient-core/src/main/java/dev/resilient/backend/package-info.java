/**
 * Shared-state backends: what a step backed by one (e.g. Redis) does while it fails, and the
 * rejection it raises then.
 */
@NullMarked
package dev.resilient.backend;

import org.jspecify.annotations.NullMarked;
