/**
 * Error aggregation: errors collected over a window, grouped, flushed to a callback, and an
 * optional error limit step.
 */
@NullMarked
package dev.resilient.observation.aggregation;

import org.jspecify.annotations.NullMarked;
