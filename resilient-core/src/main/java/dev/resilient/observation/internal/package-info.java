/**
 * Implementation details of observation (MDC handling); not an API.
 */
@NullMarked
package dev.resilient.observation.internal;

import org.jspecify.annotations.NullMarked;
